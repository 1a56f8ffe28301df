import CWorkjetZlib

/// Streaming gzip decompression with zlib, bounded by ``ExtractionLimits``.
///
/// Feed compressed chunks to ``write(_:output:)``; each call hands decompressed chunks to `output`.
/// Concatenated gzip members (as `cat a.gz b.gz` produces) are decoded one after another.
/// A decoder belongs to one task at a time.
///
/// ```swift
/// let decoder = try GzipDecoder(limits: ExtractionLimits())
/// try decoder.write(compressedChunk) { text in scan(text) }
/// try decoder.finish()
/// ```
public final class GzipDecoder {
    private let stream: UnsafeMutablePointer<z_stream>
    private let limits: ExtractionLimits
    private let member: String?
    private var output = [UInt8](repeating: 0, count: 256 << 10)
    private var ended = false
    private var currentTake = 0
    /// Compressed bytes consumed so far.
    public private(set) var compressedCount = 0
    /// Decompressed bytes produced so far.
    public private(set) var expandedCount = 0
    /// Bytes already expanded by enclosing levels (counted against ``ExtractionLimits/maxTotalBytes``).
    private let totalBase: Int
    /// Raw deflate (a zip member's data): one stream, no header, and nothing read after its end.
    private let raw: Bool

    /// Creates a decoder; `member` names the stream in errors, `alreadyExpanded` counts bytes that other
    /// parts of the same document expanded.
    public convenience init(limits: ExtractionLimits, member: String? = nil, alreadyExpanded: Int = 0) throws(DocumentError) {
        try self.init(limits: limits, member: member, alreadyExpanded: alreadyExpanded, raw: false)
    }

    /// A decoder of gzip streams, or (`raw`) of one raw deflate stream, as zip members store their data.
    init(limits: ExtractionLimits, member: String?, alreadyExpanded: Int, raw: Bool) throws(DocumentError) {
        self.limits = limits
        self.member = member
        self.totalBase = alreadyExpanded
        self.raw = raw
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // zlib keeps a pointer back to the z_stream, so it lives at a fixed address.
        guard (raw ? wj_inflate_init_raw(stream) : wj_inflate_init_gzip(stream)) == Z_OK else {
            stream.deallocate()
            throw DocumentError(.brokenArchive, "zlib could not be initialised", member: member)
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Decompresses the next chunk of compressed bytes.
    public func write(
        _ chunk: UnsafeRawBufferPointer, output consume: (UnsafeRawBufferPointer) throws(DocumentError) -> Void
    ) throws(DocumentError) {
        guard var base = chunk.baseAddress, !chunk.isEmpty else { return }
        var remaining = chunk.count
        while remaining > 0 {
            if ended {
                if raw { return }  // bytes after a raw stream's end are not part of it
                // A new gzip member follows the previous one.
                guard inflateReset(stream) == Z_OK else { throw broken("zlib could not reset") }
                ended = false
            }
            let take = min(remaining, Int(UInt32.max))
            stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(take)
            currentTake = take
            try drain(consume)
            let used = take - Int(stream.pointee.avail_in)
            compressedCount += used
            base += used
            remaining -= used
        }
    }

    /// Decompresses a chunk of compressed bytes.
    public func write(_ chunk: [UInt8], output consume: (UnsafeRawBufferPointer) throws(DocumentError) -> Void) throws(DocumentError) {
        try chunk.withUnsafeBytes { bytes in
            Result { () throws(DocumentError) in try write(bytes, output: consume) }
        }.get()
    }

    /// Checks that the input ended at the end of a gzip member (a truncated file is an error).
    public func finish() throws(DocumentError) {
        guard ended else { throw broken(raw ? "deflate data ends before its stream does" : "the gzip stream is truncated") }
    }

    /// Whether the stream has ended (for raw deflate: no more input is wanted).
    var isFinished: Bool { ended }

    private func drain(_ consume: (UnsafeRawBufferPointer) throws(DocumentError) -> Void) throws(DocumentError) {
        while true {
            let produced: Int
            let rc: Int32 = output.withUnsafeMutableBytes { out in
                stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(out.count)
                return inflate(stream, Z_NO_FLUSH)
            }
            produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 {
                expandedCount += produced
                try limits.checkExpansion(
                    expanded: expandedCount, compressed: compressedCount + currentTake - Int(stream.pointee.avail_in),
                    total: totalBase + expandedCount, member: member)
                try output.withUnsafeBytes { out in
                    Result { () throws(DocumentError) in try consume(UnsafeRawBufferPointer(rebasing: out[0..<produced])) }
                }.get()
            }
            switch rc {
            case Z_STREAM_END:
                ended = true
                return
            case Z_OK:
                if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { return }
            case Z_BUF_ERROR:
                return  // needs more input
            default:
                throw broken("corrupt \(raw ? "deflate" : "gzip") data (zlib error \(rc))")
            }
        }
    }

    private func broken(_ message: String) -> DocumentError {
        DocumentError(.brokenArchive, message, member: member)
    }
}
