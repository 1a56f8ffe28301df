import Foundation

/// Reads token usage and the served model from a non-streaming response, in one decoding pass.
///
/// The body used to be parsed twice per request, once into Foundation objects for the meter
/// (`JSONSerialization`, about as costly as the whole response scan in the gateway benchmark's profile) and
/// once more for the audit record; both now come from this one read. Fields are read one by one, so a field
/// of an unexpected type is skipped rather than losing the others.
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

    private struct Shape: Decodable {
        enum Keys: String, CodingKey { case model, usage }
        var model: String?
        var usage: Counts?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            model = try? container.decodeIfPresent(String.self, forKey: .model)
            usage = try? container.decodeIfPresent(Counts.self, forKey: .usage)
        }
    }

    private struct Counts: Decodable {
        enum Keys: String, CodingKey {
            case prompt_tokens, completion_tokens, prompt_tokens_details, cached_tokens
            case input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens
        }
        var values: [Keys: Int] = [:]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            for key in [Keys.prompt_tokens, .completion_tokens, .input_tokens, .output_tokens, .cache_creation_input_tokens, .cache_read_input_tokens] {
                if let value = try? container.decodeIfPresent(Int.self, forKey: key) { values[key] = value }
            }
            if let details = try? container.nestedContainer(keyedBy: Keys.self, forKey: .prompt_tokens_details),
                let cached = try? details.decodeIfPresent(Int.self, forKey: .cached_tokens)
            {
                values[.cached_tokens] = cached
            }
        }
    }

    static func read(_ body: [UInt8], style: APIStyle) -> Reading {
        guard let shape = try? JSONDecoder().decode(Shape.self, from: Data(body)) else { return Reading() }
        var reading = Reading(model: shape.model.map { String($0.prefix(100)) })
        guard let counts = shape.usage?.values else { return reading }
        switch style {
        case .openAI:
            reading.reportedInput = counts[.prompt_tokens]
            reading.reportedOutput = counts[.completion_tokens]
            // TokenUsage.openAI's rules, on the decoded numbers.
            if let input = counts[.prompt_tokens], let output = counts[.completion_tokens] {
                let cached = counts[.cached_tokens] ?? 0
                reading.tokens = TokenUsage(
                    inputTokens: max(0, input), outputTokens: max(0, output), cachedInputTokens: min(max(0, cached), max(0, input)))
            }
        case .anthropic:
            reading.reportedInput = counts[.input_tokens]
            reading.reportedOutput = counts[.output_tokens]
            // TokenUsage.anthropic's rules: cache writes count as input, cache reads as cached input.
            let input = max(0, counts[.input_tokens] ?? 0)
            let written = max(0, counts[.cache_creation_input_tokens] ?? 0)
            let read = max(0, counts[.cache_read_input_tokens] ?? 0)
            reading.tokens = TokenUsage(
                inputTokens: input + written + read, outputTokens: max(0, counts[.output_tokens] ?? 0), cachedInputTokens: read)
        }
        return reading
    }
}
