import Hummingbird

/// On `/v1` routes: every response carries `X-Workjet-DLP`, and a request turned away before a handler
/// could audit it (a missing or revoked key, an unknown route) still counts in the request metrics.
///
/// A response that no scan produced says so: `action=none; types=none; scan_us=0`.
struct DLPHeaderMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let metrics: GatewayMetrics

    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let route = Self.route(request.uri.path)
        do {
            var response = try await next(request, context)
            if response.headers[HeaderName.dlp] == nil { response.headers[HeaderName.dlp] = DLPSummary.notScannedHeaderValue }
            // The chat handlers count what they audit; everything else is counted here.
            if route != "chat.completions" && route != "messages" {
                metrics.request(route: route, status: Int(response.status.code), nanoseconds: GatewayMetrics.nanos(since: started))
            }
            return response
        } catch {
            let gatewayError = ErrorMiddleware<Context>.gatewayError(error, logger: context.logger)
            metrics.request(route: route, status: gatewayError.code.httpStatus, nanoseconds: GatewayMetrics.nanos(since: started))
            return ErrorRenderer.response(
                for: gatewayError, style: APIStyle.of(path: request.uri.path), headers: [HeaderName.dlp: DLPSummary.notScannedHeaderValue])
        }
    }

    /// A bounded label set: the known routes, or `other`.
    static func route(_ path: String) -> String {
        switch path {
        case "/v1/chat/completions": "chat.completions"
        case "/v1/messages": "messages"
        case "/v1/models": "models"
        default: "other"
        }
    }
}
