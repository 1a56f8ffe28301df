import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `workjet serve --config workjet.yaml` running in a test folder, its standard error in `gateway.log`;
/// killed when released if it still runs.
final class ServeProcess {
    let process = Process()
    private let folder: TempFolder

    /// Starts it; with `softOpenFileLimit`, through `sh` with that soft limit on open files.
    init(in folder: TempFolder, softOpenFileLimit: Int? = nil) throws {
        self.folder = folder
        if let softOpenFileLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -S -n \(softOpenFileLimit) && exec \"$0\" serve --config workjet.yaml", Workjet.binary]
        } else {
            process.executableURL = URL(fileURLWithPath: Workjet.binary)
            process.arguments = ["serve", "--config", "workjet.yaml"]
        }
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: try folder.write("gateway.log", "")))
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// What it has logged so far.
    var log: String { (try? folder.read("gateway.log")) ?? "" }

    /// The port it listens on, from its "listening on 127.0.0.1:PORT" line; nil if none came within 30 s
    /// or it exited.
    func waitUntilListening() -> Int? {
        for _ in 0..<600 where process.isRunning {
            if let line = log.split(separator: "\n").first(where: { $0.contains("listening on") }),
                let port = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
            {
                return port
            }
            usleep(50_000)
        }
        return nil
    }
}
