import Foundation
import NIOCore

/// Reads token usage out of a server-sent-event stream as it passes, without changing a byte.
///
/// OpenAI reports usage in a final chunk when the request carries `stream_options.include_usage` (the
/// gateway adds it); Anthropic reports input tokens in `message_start` and the running output count in
/// `message_delta`. Events are split on line ends, so a chunk boundary anywhere (even inside a JSON
/// value) changes nothing. Only lines that mention `usage` are parsed.
struct StreamUsageMeter: Sendable {
    let style: APIStyle
    private var line: [UInt8] = []
    private(set) var usage: TokenUsage?
    /// Whether the upstream finished the message (OpenAI's `[DONE]`, Anthropic's `message_stop`).
    private(set) var completed = false

    /// Lines longer than this are not metered (no usage line comes near it); bounds the memory held.
    static let maxLine = 1 << 20

    init(style: APIStyle) { self.style = style }

    mutating func feed(_ buffer: ByteBuffer) {
        for byte in buffer.readableBytesView {
            if byte == UInt8(ascii: "\n") {
                consume(line)
                line.removeAll(keepingCapacity: true)
            } else if line.count < Self.maxLine {
                line.append(byte)
            }
        }
    }

    /// Processes a last line that had no line end.
    mutating func finish() {
        if !line.isEmpty { consume(line) }
        line.removeAll()
    }

    private mutating func consume(_ raw: [UInt8]) {
        var bytes = raw[...]
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        let prefix = Array("data:".utf8)
        guard bytes.starts(with: prefix) else { return }
        let payload = bytes.dropFirst(prefix.count).drop { $0 == UInt8(ascii: " ") }
        if payload.elementsEqual("[DONE]".utf8) { completed = true; return }
        guard ByteSearch.contains(payload, "usage") || ByteSearch.contains(payload, "message_stop"),
            let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any]
        else { return }
        if style == .anthropic, object["type"] as? String == "message_stop" { completed = true }
        switch style {
        case .openAI:
            if let usage = object["usage"] as? [String: Any], let read = TokenUsage.openAI(usage) { self.usage = read }
        case .anthropic:
            if object["type"] as? String == "message_start",
                let usage = (object["message"] as? [String: Any])?["usage"] as? [String: Any]
            {
                self.usage = TokenUsage.anthropic(usage)
            } else if object["type"] as? String == "message_delta", let usage = object["usage"] as? [String: Any] {
                var current = self.usage ?? TokenUsage()
                if let output = usage["output_tokens"] as? Int { current.outputTokens = max(0, output) }
                if usage["input_tokens"] != nil {
                    let input = TokenUsage.anthropic(usage)
                    current.inputTokens = input.inputTokens
                    current.cachedInputTokens = input.cachedInputTokens
                }
                self.usage = current
            }
        }
    }
}
