import Foundation
import Testing

/// Runs the built `workjet` binary. It is found next to the test bundle (`swift build --build-tests`
/// builds it into the same directory), or at `$WORKJET_BINARY`.
enum Workjet {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["WORKJET_BINARY"] { return path }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("workjet").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return ".build/debug/workjet"
    }

    /// Runs `workjet arguments` in `directory`, feeding `stdin`.
    static func run(_ arguments: [String], in directory: String, stdin: String? = nil) throws -> Run {
        let path = binary
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Issue.record("workjet binary not found at \(path): run `swift build --build-tests` first or set WORKJET_BINARY")
            return Run(status: -1, stdout: "", stderr: "")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "WORKJET_BASELINE_KEY")
        process.environment = environment
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        let errorBox = DataBox()
        let done = DispatchSemaphore(value: 0)
        Thread {
            errorBox.data = errPipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }.start()
        Thread {
            if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
            try? inPipe.fileHandleForWriting.close()
        }.start()
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errorBox.data, as: UTF8.self))
    }
}

/// Written by one thread and read after a semaphore wait.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
