import Foundation
import Hummingbird

extension ChatHandler {
    /// Budget reservation for a request about to be forwarded (pipeline step after DLP): finds the
    /// model's price, reserves the maximum cost in every capped account (or throws `budget_exceeded`),
    /// and returns the meter that settles it.
    func beginMetering(principal: Principal, clientIP: String?, model: String, body: [UInt8]) async throws -> RequestMeter {
        let control = services.control
        let rates = try await control.rates(model: model, workspaceID: principal.workspaceID)
        var hold: BudgetHold?
        if let rates {
            let amount = control.budgets.maximumCost(bodyBytes: body.count, maxOutputTokens: Self.maxOutputTokens(body), rates: rates)
            let caps = try await control.caps.caps(workspaceID: principal.workspaceID).caps
            hold = try await control.budgets.reserve(amount, principal: principal, caps: caps, at: control.configuration.clock.wallMillis())
        }
        return RequestMeter(control: control, hold: hold, rates: rates, keyID: principal.keyID, clientIP: clientIP)
    }

    /// The output-token limit a request sets (`max_tokens`, or OpenAI's `max_completion_tokens`).
    static func maxOutputTokens(_ body: [UInt8]) -> Int? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return nil }
        let value = object["max_completion_tokens"] ?? object["max_tokens"]
        guard let tokens = value as? Int, tokens > 0 else { return nil }
        return tokens
    }

    /// Whether the client itself asked for the usage chunk (`stream_options.include_usage`).
    static func asksForStreamUsage(_ body: [UInt8]) -> Bool {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return false }
        return (object["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true
    }

    /// An OpenAI-style stream only reports usage when asked (`stream_options.include_usage`); ask, so that
    /// streams are metered. A client that did not ask never sees that chunk (``UsageChunkStripper``).
    static func requestingStreamUsage(_ body: [UInt8]) -> [UInt8] {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return body }
        var options = object["stream_options"] as? [String: Any] ?? [:]
        if options["include_usage"] as? Bool == true { return body }
        options["include_usage"] = true
        object["stream_options"] = options
        return (try? JSONSerialization.data(withJSONObject: object)).map { Array($0) } ?? body
    }

    /// `X-Workjet-Budget-Warning` when a cap is at or past its warning threshold.
    static func budgetHeaders(_ meter: RequestMeter?) -> HTTPFields {
        var headers = HTTPFields()
        if let warnings = meter?.hold?.warnings, !warnings.isEmpty {
            headers[HeaderName.budgetWarning] = warnings.joined(separator: ", ")
        }
        return headers
    }
}

extension HeaderName {
    /// Caps at or past the warning threshold: `workspace=85.2%, key=91%`.
    static let budgetWarning = Name("X-Workjet-Budget-Warning")!
}
