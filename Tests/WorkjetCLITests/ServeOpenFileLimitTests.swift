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
        let gateway = Process()
        gateway.executableURL = URL(fileURLWithPath: "/bin/sh")
        gateway.arguments = ["-c", "ulimit -S -n \(soft) && exec \"$0\" serve --config workjet.yaml", Workjet.binary]
        gateway.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        gateway.standardOutput = FileHandle.nullDevice
        gateway.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: try folder.write("gateway.log", "")))
        try gateway.run()
        defer {
            if gateway.isRunning { kill(gateway.processIdentifier, SIGKILL) }
            gateway.waitUntilExit()
        }
        func gatewayLog() -> String { (try? folder.read("gateway.log")) ?? "" }
        // Raised before the server binds: wait for its "listening" line, then read the limits.
        for _ in 0..<600 where !gatewayLog().contains("listening") && gateway.isRunning { usleep(50_000) }
        try #require(gatewayLog().contains("listening"), "\(gatewayLog())")
        let now = try #require(limits(of: gateway.processIdentifier))
        #expect(now.soft == now.hard, "soft \(now.soft), hard \(now.hard)")
        let hard = own.rlim_max == rlim_t.max ? "unlimited" : String(own.rlim_max)  // RLIM_INFINITY
        #expect(now.hard == hard)
        #expect(gatewayLog().contains("from=\(soft)"), "\(gatewayLog())")
        kill(gateway.processIdentifier, SIGTERM)
    }
    #endif
}
