import Foundation
import NIOCore

extension ChatHandler {
    /// Tries the plan's deployments in order until one answers: 429, 5xx, connection errors and timeouts
    /// fall through to the next (after a backoff with jitter), at most `max_attempts` calls in all;
    /// deployments whose circuit is open are skipped. The last failure is returned (or thrown) as the
    /// single-deployment path would. Once a response is returned nothing is retried: a stream that
    /// fails later has already reached the client.
    ///
    /// `attempts` names every call: `provider/model:200`, `provider/model:503`, `provider/model:circuit_open`.
    func forward(
        _ request: UpstreamRequest, plan: [ProviderSelection], requestedModel: String, attempts: inout [String]
    ) async throws -> (UpstreamResponse, ProviderSelection) {
        let control = services.control
        let limit = control.configuration.routing.maxAttempts
        var generator = SystemRandomNumberGenerator()
        var calls = 0
        var lastResponse: (UpstreamResponse, ProviderSelection)?
        var lastError: GatewayError?
        for (index, selection) in plan.enumerated() where calls < limit {
            let id = "\(selection.provider.name)/\(selection.upstreamModel)"
            let clock = control.configuration.clock
            if control.breakers.admit(id, now: clock.monotonicNanoseconds()) == .open {
                attempts.append(id + ":circuit_open")
                continue
            }
            if calls > 0 { try await Task.sleep(for: control.backoff.delay(retry: calls, using: &generator)) }
            calls += 1
            var upstream = request
            if selection.upstreamModel != requestedModel {
                upstream.body = ChatEnvelope.replacingModel(request.body, with: selection.upstreamModel)
            }
            let final = calls == limit || index == plan.count - 1
            let upstreamStarted = ContinuousClock.now
            do {
                let response = try await selection.provider.send(upstream)
                services.metrics.upstream(provider: selection.provider.name, since: upstreamStarted)
                attempts.append("\(id):\(response.status)")
                guard response.status == 429 || response.status >= 500 else {
                    control.breakers.succeeded(id)
                    return (response, selection)
                }
                control.breakers.failed(id, now: clock.monotonicNanoseconds())
                services.metrics.upstreamError(provider: selection.provider.name, kind: "status_\(response.status)")
                if final { return (response, selection) }
                lastResponse = (response, selection)
                lastError = nil
            } catch let refusal as GatewayError where refusal.code == .invalidRequest {
                // The request cannot be translated for this deployment: the client's to fix, not a failure.
                throw refusal
            } catch {
                services.metrics.upstream(provider: selection.provider.name, since: upstreamStarted)
                let mapped = HTTPProvider.map(error)
                attempts.append("\(id):\(mapped.code.rawValue)")
                control.breakers.failed(id, now: clock.monotonicNanoseconds())
                services.metrics.upstreamError(provider: selection.provider.name, kind: mapped.code.rawValue)
                if final { throw mapped }
                lastError = mapped
                lastResponse = nil
            }
        }
        if let lastError { throw lastError }
        if let lastResponse { return lastResponse }
        throw GatewayError(
            .upstreamUnavailable,
            "every deployment of '\(StaticModelRouter.printable(requestedModel))' is failing and paused by its circuit breaker; retry in \(Int(control.configuration.routing.breaker.cooldownSeconds)) s")
    }

    /// The audit detail: the error code, and the attempts when there was a choice of deployment.
    static func attemptsDetail(_ attempts: [String], error: String?) -> String? {
        var object: [String: Any] = [:]
        if let error { object["error"] = error }
        if !attempts.isEmpty, attempts.count > 1 || error == nil { object["attempts"] = attempts }
        guard !object.isEmpty, let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The event that ends a stream the upstream broke off, in the route's style (OpenAI SDKs raise on an
    /// `error` object; Anthropic's stream has an `error` event).
    static func streamErrorEvent(_ error: GatewayError, style: APIStyle) -> ByteBuffer {
        let object: [String: Any]
        switch style {
        case .openAI: object = ["error": ["message": error.message, "type": "upstream_error", "code": error.code.rawValue]]
        case .anthropic: object = ["type": "error", "error": ["type": "api_error", "message": error.message]]
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        let prefix = style == .anthropic ? "event: error\ndata: " : "data: "
        return ByteBuffer(string: prefix + String(decoding: data, as: UTF8.self) + "\n\n")
    }
}
