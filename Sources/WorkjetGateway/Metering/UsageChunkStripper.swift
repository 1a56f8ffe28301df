import Foundation
import NIOCore

/// Removes the usage-only chunk (`"choices": []` with `usage`) from an OpenAI stream whose client did
/// not ask for it: the gateway asks the upstream for usage to meter the stream, and a client that did
/// not ask may read `choices[0]` of every chunk. Every other byte passes unchanged, event by event.
struct UsageChunkStripper: Sendable {
    private var pending: [UInt8] = []

    /// Events longer than this pass without inspection (no usage chunk comes near it).
    static let maxEvent = 1 << 20

    /// The complete events of `chunk` (and earlier partial ones) minus usage-only chunks.
    mutating func pass(_ chunk: ByteBuffer) -> ByteBuffer {
        var out: [UInt8] = []
        for byte in chunk.readableBytesView {
            pending.append(byte)
            if byte == UInt8(ascii: "\n"), Self.endsEvent(pending) || pending.count > Self.maxEvent {
                if !Self.isUsageOnly(pending) { out += pending }
                pending.removeAll(keepingCapacity: true)
            }
        }
        return ByteBuffer(bytes: out)
    }

    /// Whatever is left when the stream ends.
    mutating func finish() -> ByteBuffer {
        defer { pending.removeAll() }
        return Self.isUsageOnly(pending) ? ByteBuffer() : ByteBuffer(bytes: pending)
    }

    static func endsEvent(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[bytes.count - 2] == UInt8(ascii: "\n")
            || bytes.count >= 3 && bytes.suffix(3).elementsEqual("\n\r\n".utf8)
    }

    static func isUsageOnly(_ event: [UInt8]) -> Bool {
        guard event.count < maxEvent else { return false }
        guard ByteSearch.contains(event, "usage"), ByteSearch.contains(event, "choices") else { return false }
        let text = String(decoding: event, as: UTF8.self)
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("data:") {
            let payload = line.dropFirst(5).drop { $0 == " " }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any] else { continue }
            if (object["choices"] as? [Any])?.isEmpty == true, object["usage"] is [String: Any] { return true }
        }
        return false
    }
}
