#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// A log handler that writes `timestamp level label: key=value … [source] message` lines (the layout of
/// swift-log's `StreamLogHandler`) and formats metadata only when a line is written.
///
/// Hummingbird sets a request id on every request's logger. `StreamLogHandler` renders all of its metadata
/// into a string on every such set, so each request paid for sorting and printing metadata that no line at
/// the configured level ever showed (about 1 % of the gateway's CPU at one connection). Here a set only
/// stores the value.
public struct GatewayLogHandler: LogHandler {
    /// Where finished lines go: one call per line, the line ending in `\n`.
    public typealias Sink = @Sendable (String) -> Void

    private let label: String
    private let sink: Sink

    /// The lowest level this handler writes.
    public var logLevel: Logger.Level
    /// Metadata added to every line from this handler (the logger's own, e.g. `hb.request.id`).
    public var metadata: Logger.Metadata = [:]
    /// Metadata computed at each log call (swift-log's task-local providers).
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler for `label` writing lines at `level` and above to `sink` (standard error by default).
    public init(
        label: String, level: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider,
        sink: @escaping Sink = GatewayLogHandler.standardError
    ) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.sink = sink
    }

    /// One metadata value of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats and writes one line.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, new in new }
        }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        var line = Self.timestamp()
        line += " \(event.level)"
        if !label.isEmpty { line += " " + label }
        line += ":"
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        line += " [\(event.source)] \(event.message)\n"
        sink(line)
    }

    /// Writes a line to standard error in one `write(2)`, so lines from several threads do not interleave.
    public static let standardError: Sink = { line in
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    /// Local time as `2026-11-30T15:04:05+0000`.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil else { return "<unknown>" }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let count = strftime(buffer.baseAddress!, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: count), as: UTF8.self)
        }
    }
}
