/// Reads token usage and the served model from a non-streaming response, in one pass over its bytes.
///
/// The body used to be parsed twice per request, once into Foundation objects for the meter
/// (`JSONSerialization`) and once more for the audit record; then once with `JSONDecoder`, which still cost
/// about 3.6% of the gateway's CPU in the benchmark's profile. Now ``JSONByteReader`` walks the bytes and
/// decodes only these fields. A field of an unexpected type is skipped rather than losing the others, and a
/// body that is not a JSON object yields no reading.
enum Usage {
    /// What a response reported.
    struct Reading: Sendable {
        /// The usage the meter charges, as ``TokenUsage`` reads it (nil when the response reports none).
        var tokens: TokenUsage?
        /// The served model, at most 100 characters.
        var model: String?
        /// The input and output counts exactly as reported (for the audit record when `tokens` is nil).
        var reportedInput: Int?
        var reportedOutput: Int?

        /// Writes the served model and the reported counts on the audit record.
        func record(into audit: inout AuditRecord) {
            audit.modelServed = model
            audit.inputTokens = reportedInput
            audit.outputTokens = reportedOutput
        }
    }

    /// The integer counts under `usage` (and `usage.prompt_tokens_details.cached_tokens`).
    private struct Counts {
        var promptTokens: Int?
        var completionTokens: Int?
        var cachedTokens: Int?
        var inputTokens: Int?
        var outputTokens: Int?
        var cacheCreationInputTokens: Int?
        var cacheReadInputTokens: Int?
    }

    static func read(_ body: [UInt8], style: APIStyle) -> Reading {
        guard let (model, usage) = scan(body) else { return Reading() }
        var reading = Reading(model: model.map { String($0.prefix(100)) })
        guard let counts = usage else { return reading }
        switch style {
        case .openAI:
            reading.reportedInput = counts.promptTokens
            reading.reportedOutput = counts.completionTokens
            // TokenUsage.openAI's rules, on the decoded numbers.
            if let input = counts.promptTokens, let output = counts.completionTokens {
                let cached = counts.cachedTokens ?? 0
                reading.tokens = TokenUsage(
                    inputTokens: max(0, input), outputTokens: max(0, output), cachedInputTokens: min(max(0, cached), max(0, input)))
            }
        case .anthropic:
            reading.reportedInput = counts.inputTokens
            reading.reportedOutput = counts.outputTokens
            // TokenUsage.anthropic's rules: cache writes count as input, cache reads as cached input.
            let input = max(0, counts.inputTokens ?? 0)
            let written = max(0, counts.cacheCreationInputTokens ?? 0)
            let read = max(0, counts.cacheReadInputTokens ?? 0)
            reading.tokens = TokenUsage(
                inputTokens: input + written + read, outputTokens: max(0, counts.outputTokens ?? 0), cachedInputTokens: read)
        }
        return reading
    }

    /// The top-level `model` (if a string) and `usage` (if an object); nil when the body is not a JSON object.
    private static func scan(_ body: [UInt8]) -> (model: String?, usage: Counts?)? {
        body.withUnsafeBufferPointer { buffer -> (model: String?, usage: Counts?)? in
            var reader = JSONByteReader(buffer)
            var model: String?
            var usage: Counts?
            do throws(JSONByteReader.Malformed) {
                guard try reader.kind() == .object else { return nil }
                if try reader.beginObject() {
                    repeat {
                        let key = try reader.nextKey()
                        let kind = try reader.kind()
                        if reader.matches(key, "model") {
                            model = kind == .string ? try reader.readString() : nil
                            if kind != .string { try reader.skipValue() }
                        } else if reader.matches(key, "usage") {
                            usage = kind == .object ? try readCounts(&reader) : nil
                            if kind != .object { try reader.skipValue() }
                        } else {
                            try reader.skipValue()
                        }
                    } while try reader.endMember()
                }
                try reader.finish()
                return (model, usage)
            } catch {
                return nil
            }
        }
    }

    private static func readCounts(_ reader: inout JSONByteReader) throws(JSONByteReader.Malformed) -> Counts {
        var counts = Counts()
        guard try reader.beginObject() else { return counts }
        repeat {
            let key = try reader.nextKey()
            let kind = try reader.kind()
            if let path = countPath(key, reader) {
                // A count of another type (or a fraction) reads as absent, as `try? decodeIfPresent` did.
                counts[keyPath: path] = kind == .number ? try reader.readInt() : nil
                if kind != .number { try reader.skipValue() }
            } else if reader.matches(key, "prompt_tokens_details") {
                counts.cachedTokens = kind == .object ? try readCachedTokens(&reader) : nil
                if kind != .object { try reader.skipValue() }
            } else {
                try reader.skipValue()
            }
        } while try reader.endMember()
        return counts
    }

    private static func readCachedTokens(_ reader: inout JSONByteReader) throws(JSONByteReader.Malformed) -> Int? {
        var cached: Int?
        guard try reader.beginObject() else { return nil }
        repeat {
            let key = try reader.nextKey()
            if reader.matches(key, "cached_tokens") {
                let kind = try reader.kind()
                cached = kind == .number ? try reader.readInt() : nil
                if kind != .number { try reader.skipValue() }
            } else {
                try reader.skipValue()
            }
        } while try reader.endMember()
        return cached
    }

    private static func countPath(_ key: JSONByteReader.Span, _ reader: JSONByteReader) -> WritableKeyPath<Counts, Int?>? {
        if reader.matches(key, "prompt_tokens") { return \.promptTokens }
        if reader.matches(key, "completion_tokens") { return \.completionTokens }
        if reader.matches(key, "input_tokens") { return \.inputTokens }
        if reader.matches(key, "output_tokens") { return \.outputTokens }
        if reader.matches(key, "cache_creation_input_tokens") { return \.cacheCreationInputTokens }
        if reader.matches(key, "cache_read_input_tokens") { return \.cacheReadInputTokens }
        return nil
    }
}
