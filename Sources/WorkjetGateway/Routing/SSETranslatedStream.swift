import NIOCore

/// Re-tells one server-sent-event stream as another, a line at a time (see ``SSETranslatedStream``).
protocol SSELineTranslator {
    /// A translator at the start of a stream.
    init()
    /// The bytes to emit for one complete line of the upstream stream (without its `\n`).
    mutating func translate(line: [UInt8]) -> [UInt8]
    /// The bytes to emit once the upstream stream has ended.
    mutating func finish() -> [UInt8]
}

/// An upstream byte stream split into lines (each at most ``StreamUsageMeter/maxLine`` bytes kept) and
/// re-told by a ``SSELineTranslator``; chunks that produce no output are skipped.
struct SSETranslatedStream<Translator: SSELineTranslator>: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: any AsyncSequence<ByteBuffer, any Error> & Sendable

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: any AsyncIteratorProtocol<ByteBuffer, any Error>
        var translator = Translator()
        var line: [UInt8] = []
        var ended = false

        @concurrent mutating func next() async throws -> ByteBuffer? {
            while !ended {
                guard let chunk = try await base.next() else {
                    ended = true
                    let tail = translator.translate(line: line) + translator.finish()
                    return tail.isEmpty ? nil : ByteBuffer(bytes: tail)
                }
                var out: [UInt8] = []
                for byte in chunk.readableBytesView {
                    if byte == UInt8(ascii: "\n") {
                        out += translator.translate(line: line)
                        line.removeAll(keepingCapacity: true)
                    } else if line.count < StreamUsageMeter.maxLine {
                        line.append(byte)
                    }
                }
                if !out.isEmpty { return ByteBuffer(bytes: out) }
            }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator()) }
}
