import Foundation

/// The fields of a chat request the gateway needs, with the schema checks that give 400 in the provider's
/// style before anything is scanned or forwarded.
struct ChatEnvelope: Sendable {
    var model: String
    var stream: Bool

    private struct OpenAIShape: Decodable {
        struct Message: Decodable { var role: String }
        var model: String
        var messages: [Message]
        var stream: Bool?
    }

    private struct AnthropicShape: Decodable {
        struct Message: Decodable { var role: String }
        var model: String
        var messages: [Message]
        var max_tokens: Int
        var stream: Bool?
    }

    /// One decoding pass: `JSONDecoder` rejects malformed JSON and a non-object top level itself, so the
    /// body is not also parsed into Foundation objects (`JSONSerialization`) on every request.
    static func parse(_ body: [UInt8], style: APIStyle) throws(GatewayError) -> ChatEnvelope {
        let data = Data(body)
        do {
            switch style {
            case .openAI:
                let shape = try JSONDecoder().decode(OpenAIShape.self, from: data)
                guard !shape.messages.isEmpty else { throw GatewayError(.invalidRequest, "'messages' must not be empty") }
                return ChatEnvelope(model: shape.model, stream: shape.stream ?? false)
            case .anthropic:
                let shape = try JSONDecoder().decode(AnthropicShape.self, from: data)
                guard !shape.messages.isEmpty else { throw GatewayError(.invalidRequest, "'messages' must not be empty") }
                guard shape.max_tokens > 0 else { throw GatewayError(.invalidRequest, "'max_tokens' must be positive") }
                return ChatEnvelope(model: shape.model, stream: shape.stream ?? false)
            }
        } catch let error as GatewayError {
            throw error
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw GatewayError(.invalidRequest, "the request body must be a JSON object")
        } catch {
            throw GatewayError(.invalidRequest, "the request does not follow the schema: \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type for '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: "malformed JSON"
        }
    }

    /// The body with `model` replaced (only when the upstream name differs).
    static func replacingModel(_ body: [UInt8], with model: String) -> [UInt8] {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return body }
        object["model"] = model
        return (try? JSONSerialization.data(withJSONObject: object)).map { Array($0) } ?? body
    }
}
