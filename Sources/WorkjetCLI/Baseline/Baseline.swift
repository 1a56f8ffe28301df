import Foundation

/// A baseline file: the fingerprints of accepted findings, which later scans do not report.
///
/// ```json
/// {"version": 1, "tool": "workjet", "fingerprints": ["3f1c…", "…"]}
/// ```
public struct Baseline: Sendable, Hashable, Codable {
    /// The format version (1).
    public var version = 1
    /// The tool that wrote it.
    public var tool = "workjet"
    /// Sorted fingerprints (see ``Fingerprint``).
    public var fingerprints: [String]

    /// Creates a baseline from fingerprints (sorted, de-duplicated).
    public init(fingerprints: some Sequence<String>) {
        self.fingerprints = Set(fingerprints).sorted()
    }

    /// Reads a baseline file.
    public static func load(path: String) throws(CLIError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(.io, "cannot read baseline file '\(path)'")
        }
        do {
            let baseline = try JSONDecoder().decode(Baseline.self, from: data)
            guard baseline.version == 1 else {
                throw CLIError(.configuration, "baseline '\(path)' has version \(baseline.version); this workjet reads version 1")
            }
            return baseline
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(.configuration, "baseline '\(path)' is not a workjet baseline (\(error))")
        }
    }

    /// Writes the baseline atomically.
    public func write(path: String) throws(CLIError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            var data = try encoder.encode(self)
            data.append(0x0A)
            try AtomicFileWriter.write(Array(data), to: path)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(.io, "cannot write baseline '\(path)': \(error)")
        }
    }
}
