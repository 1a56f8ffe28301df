import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `workjet serve` started with a service manager's low soft limit on open descriptors (systemd's 1,024)
/// raises it to the hard limit: each client connection is a descriptor, and about a thousand silent ones
/// used to leave the gateway unable to answer anyone.
@Suite struct ServeOpenFileLimitTests {
    #if os(Linux)
    /// The soft and hard "Max open files" of process `pid`, from `/proc/PID/limits`.
    private func limits(of pid: Int32) -> (soft: String, hard: String)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Max open files") })
        else { return nil }
        let fields = line.dropFirst("Max open files".count).split(separator: " ", omittingEmptySubsequences: true)
        return fields.count >= 2 ? (String(fields[0]), String(fields[1])) : nil
    }

    @Test func serveRaisesTheSoftLimitToTheHardOne() throws {
        var own = rlimit()
        try #require(getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &own) == 0)
        let soft = min(256, own.rlim_max / 2)
        try #require(soft >= 64, "the hard limit here (\(own.rlim_max)) leaves nothing to raise")
        let folder = try TempFolder()
        try folder.writeGatewayConfig("host: 127.0.0.1\nport: 0\n")
        // Raised before the server binds: once it listens, the limits are the ones it serves with.
        let served = try ServeProcess(in: folder, softOpenFileLimit: Int(soft))
        try #require(served.waitUntilListening() != nil, "\(served.log)")
        let now = try #require(limits(of: served.process.processIdentifier))
        #expect(now.soft == now.hard, "soft \(now.soft), hard \(now.hard)")
        let hard = own.rlim_max == rlim_t.max ? "unlimited" : String(own.rlim_max)  // RLIM_INFINITY
        #expect(now.hard == hard)
        #expect(served.log.contains("from=\(soft)"), "\(served.log)")
    }
    #endif
}
