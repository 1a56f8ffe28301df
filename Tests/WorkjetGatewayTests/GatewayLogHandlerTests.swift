import Logging
import Synchronization
import Testing
@testable import WorkjetGateway

/// The gateway's log handler: `StreamLogHandler`'s line layout, levels honoured, metadata merged at write time.
@Suite struct GatewayLogHandlerTests {
    /// Collects lines written by a handler.
    private final class Lines: Sendable {
        private let storage = Mutex<[String]>([])
        var all: [String] { storage.withLock { $0 } }
        func append(_ line: String) { storage.withLock { $0.append(line) } }
    }

    private func logger(level: Logger.Level = .info, provider: Logger.MetadataProvider? = nil) -> (Logger, Lines) {
        let lines = Lines()
        let logger = Logger(label: "workjet.test") { label in
            GatewayLogHandler(label: label, level: level, metadataProvider: provider) { lines.append($0) }
        }
        return (logger, lines)
    }

    @Test func writesTheStreamLayoutWithSortedMetadata() throws {
        var (logger, lines) = logger()
        logger[metadataKey: "hb.request.id"] = "42"
        logger[metadataKey: "a"] = "1"
        logger.info("hello world", metadata: ["a": "2", "z": "last"])
        let line = try #require(lines.all.first)
        #expect(lines.all.count == 1)
        let pattern = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} info workjet\.test: a=2 hb\.request\.id=42 z=last \[WorkjetGatewayTests\] hello world\n$/#
        #expect(line.wholeMatch(of: pattern) != nil, "\(line)")
    }

    @Test func dropsLinesBelowTheLevel() {
        var (logger, lines) = logger(level: .warning)
        logger.info("quiet")
        logger.debug("quieter")
        logger.warning("loud")
        logger.logLevel = .debug
        logger.debug("now heard")
        #expect(lines.all.count == 2)
        #expect(lines.all[0].hasSuffix(" warning workjet.test: [WorkjetGatewayTests] loud\n"))
        #expect(lines.all[1].hasSuffix(" debug workjet.test: [WorkjetGatewayTests] now heard\n"))
    }

    @Test func metadataIsStoredAndReadBackWithoutBeingWritten() {
        var (logger, lines) = logger()
        logger[metadataKey: "k"] = .stringConvertible(1234)
        #expect(logger[metadataKey: "k"]?.description == "1234")
        logger[metadataKey: "k"] = nil
        #expect(logger[metadataKey: "k"] == nil)
        #expect(lines.all.isEmpty)
    }

    @Test func addsProvidedMetadataAndErrors() throws {
        struct Failure: Error, CustomStringConvertible { var description: String { "disk full" } }
        let provider = Logger.MetadataProvider { ["trace": "t1"] }
        let (logger, lines) = logger(provider: provider)
        logger.error("write failed", error: Failure())
        let line = try #require(lines.all.first)
        #expect(line.contains(": error.message=disk full error.type="), "\(line)")
        #expect(line.contains("Failure trace=t1 [WorkjetGatewayTests] write failed\n"), "\(line)")
    }
}
