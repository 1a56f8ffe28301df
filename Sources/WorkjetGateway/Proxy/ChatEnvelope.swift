import Foundation

/// The fields of a chat request the gateway needs, with the schema checks that give 400 in the provider's
/// style before anything is scanned or forwarded.
struct ChatEnvelope: Sendable {
    var model: String
    var stream: Bool

    /// A field as found in the body: absent, or of the wrong type, or read.
    private enum Field<Value> {
        case absent
        case wrongType
        case value(Value)
    }

    /// One pass over the bytes (``JSONByteReader``) that validates the whole body and reads `model`, `messages`
    /// (each with a string `role`), `stream` and `max_tokens`.
    ///
    /// The checks and their order are those `JSONDecoder` applied before (malformed JSON first, then the
    /// fields in the order `model`, `messages`, `max_tokens`, `stream`, then the value checks), with the same
    /// messages; it cost about 3% of the gateway's CPU in the benchmark's profile.
    static func parse(_ body: [UInt8], style: APIStyle) throws(GatewayError) -> ChatEnvelope {
        var model = Field<String>.absent
        var messages = Field<Int>.absent
        var messagesProblem: String?
        var maxTokens = Field<Int?>.absent
        var stream = Field<Bool?>.absent
        var topLevelIsObject = true
        do {
            try body.withUnsafeBufferPointer { (buffer: UnsafeBufferPointer<UInt8>) throws(JSONByteReader.Malformed) in
                var reader = JSONByteReader(buffer)
                guard try reader.kind() == .object else {
                    topLevelIsObject = false
                    try reader.skipValue()
                    try reader.finish()
                    return
                }
                if try reader.beginObject() {
                    repeat {
                        let key = try reader.nextKey()
                        let kind = try reader.kind()
                        if reader.matches(key, "model") {
                            model = kind == .string ? .value(try reader.readString()) : .wrongType
                            if kind != .string { try reader.skipValue() }
                        } else if reader.matches(key, "messages") {
                            if kind == .array {
                                let (count, problem) = try readMessages(&reader)
                                messages = .value(count)
                                messagesProblem = problem
                            } else {
                                messages = .wrongType
                                messagesProblem = nil
                                try reader.skipValue()
                            }
                        } else if reader.matches(key, "stream") {
                            switch kind {
                            case .bool: stream = .value(try reader.readBool())
                            case .null: stream = .value(nil); try reader.readNull()
                            default: stream = .wrongType; try reader.skipValue()
                            }
                        } else if reader.matches(key, "max_tokens") {
                            switch kind {
                            case .number: maxTokens = .value(try reader.readInt())
                            default: maxTokens = .wrongType; try reader.skipValue()
                            }
                        } else {
                            try reader.skipValue()
                        }
                    } while try reader.endMember()
                }
                try reader.finish()
            }
        } catch {
            throw GatewayError(.invalidRequest, "the request does not follow the schema: malformed JSON")
        }
        guard topLevelIsObject else { throw GatewayError(.invalidRequest, "the request body must be a JSON object") }

        func schema(_ problem: String) -> GatewayError {
            GatewayError(.invalidRequest, "the request does not follow the schema: \(problem)")
        }
        let modelName: String
        switch model {
        case .absent: throw schema("missing field 'model'")
        case .wrongType: throw schema("wrong type for 'model'")
        case .value(let value): modelName = value
        }
        let messageCount: Int
        switch messages {
        case .absent: throw schema("missing field 'messages'")
        case .wrongType: throw schema("wrong type for 'messages'")
        case .value(let count): messageCount = count
        }
        if let messagesProblem { throw schema(messagesProblem) }
        var tokens: Int?
        if style == .anthropic {
            switch maxTokens {
            case .absent: throw schema("missing field 'max_tokens'")
            case .wrongType, .value(nil): throw schema("wrong type for 'max_tokens'")
            case .value(let value): tokens = value
            }
        }
        let streaming: Bool
        switch stream {
        case .absent: streaming = false
        case .wrongType: throw schema("wrong type for 'stream'")
        case .value(let value): streaming = value ?? false
        }
        guard messageCount > 0 else { throw GatewayError(.invalidRequest, "'messages' must not be empty") }
        if let tokens, tokens <= 0 { throw GatewayError(.invalidRequest, "'max_tokens' must be positive") }
        return ChatEnvelope(model: modelName, stream: streaming)
    }

    /// Reads the `messages` array: its length, and the first schema problem (an element that is not an
    /// object, or whose `role` is missing or not a string), as `JSONDecoder` would name it.
    private static func readMessages(_ reader: inout JSONByteReader) throws(JSONByteReader.Malformed) -> (Int, String?) {
        var count = 0
        var problem: String?
        guard try reader.beginArray() else { return (0, nil) }
        repeat {
            let position = count
            count += 1
            guard try reader.kind() == .object else {
                if problem == nil { problem = "wrong type for 'messages.Index \(position)'" }
                try reader.skipValue()
                continue
            }
            var role = Field<Void>.absent
            if try reader.beginObject() {
                repeat {
                    let key = try reader.nextKey()
                    if reader.matches(key, "role") {
                        role = try reader.kind() == .string ? .value(()) : .wrongType
                    }
                    try reader.skipValue()
                } while try reader.endMember()
            }
            if problem == nil {
                switch role {
                case .absent: problem = "missing field 'role'"
                case .wrongType: problem = "wrong type for 'messages.Index \(position).role'"
                case .value: break
                }
            }
        } while try reader.endElement()
        return (count, problem)
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
