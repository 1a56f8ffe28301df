import Foundation
import Synchronization

/// A one-line progress display on stderr (files, bytes, rate, ETA), shown only on a terminal and only
/// once a run has lasted a second; ``finish()`` erases it.
public final class ProgressBar: Sendable {
    private struct State {
        var files = 0
        var bytes = 0
        var stopped = false
        var shown = false
    }

    private let totalFiles: Int
    private let totalBytes: Int
    private let state = Mutex(State())
    private let started = Date()
    private let enabled: Bool

    /// Creates a bar for a run of `files` inputs and `bytes` bytes; `enabled` false makes every call a no-op.
    public init(files: Int, bytes: Int, enabled: Bool) {
        self.totalFiles = files
        self.totalBytes = bytes
        self.enabled = enabled
        guard enabled else { return }
        let thread = Thread { [self] in loop() }
        thread.start()
    }

    /// Counts a finished input.
    public func advance(bytes: Int) {
        guard enabled else { return }
        state.withLock {
            $0.files += 1
            $0.bytes += bytes
        }
    }

    /// Stops the display and clears its line.
    public func finish() {
        guard enabled else { return }
        let wasShown = state.withLock { state -> Bool in
            state.stopped = true
            return state.shown
        }
        if wasShown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    private func loop() {
        Thread.sleep(forTimeInterval: 1)
        while true {
            let snapshot = state.withLock { state -> State? in
                if state.stopped { return nil }
                state.shown = true
                return state
            }
            guard let snapshot else { return }
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line(snapshot)).utf8))
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    private func line(_ s: State) -> String {
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let rate = Double(s.bytes) / elapsed
        var eta = "--"
        if rate > 0, totalBytes > s.bytes { eta = "\(Int(Double(totalBytes - s.bytes) / rate))s" }
        return "scanning: \(s.files)/\(totalFiles) files, \(ByteSize.format(s.bytes))/\(ByteSize.format(totalBytes)), "
            + "\(ByteSize.format(Int(rate)))/s, ETA \(eta)"
    }
}
