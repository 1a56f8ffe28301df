import Hummingbird
import Logging
import NIOCore

/// Catches every error a handler throws and answers in the route's API style.
///
/// ``GatewayError`` keeps its code; Hummingbird's own errors (body too large, unknown route) are
/// translated; anything else becomes `internal_error` with no detail in the response, and only the
/// error's type in the log (an error description could quote a payload).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let style = APIStyle.of(path: request.uri.path)
            return ErrorRenderer.response(for: Self.gatewayError(error, logger: context.logger), style: style)
        }
    }

    static func gatewayError(_ error: any Error, logger: Logger) -> GatewayError {
        switch error {
        case let error as GatewayError:
            return error
        case is NIOTooManyBytesError:
            return GatewayError(.bodyTooLarge, "the request body exceeds the configured limit")
        case let error as HTTPError where error.status == .contentTooLarge:
            return GatewayError(.bodyTooLarge, "the request body exceeds the configured limit")
        case let error as HTTPError where error.status == .notFound:
            return GatewayError(.notFound, "no such route")
        case let error as HTTPError where error.status.code < 500:
            return GatewayError(.invalidRequest, "the request was not understood (HTTP \(error.status.code))")
        default:
            logger.error("unhandled error", metadata: ["error.type": "\(type(of: error))"])
            return GatewayError(.internalError, "internal error; see the gateway log for the request id")
        }
    }
}
