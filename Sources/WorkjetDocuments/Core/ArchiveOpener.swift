import Foundation
import ZIPFoundation

/// Opens a zip archive held in memory.
///
/// ZIPFoundation 0.9.20's in-memory archives trap on a crafted central directory (its `seek`
/// accepts offsets past the end and the next read builds a negative range: found by the documents
/// fuzzer, `Fuzz/FailCases/documents/zipfoundation-seek-past-end`). Its file-backed archives check
/// those reads, so the bytes go to an unlinked temporary file first.
enum ArchiveOpener {
    static func open(_ bytes: [UInt8]) throws -> Archive {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("workjet-archive-\(UUID().uuidString).zip")
        try Data(bytes).write(to: url)
        // The open handle keeps the data readable; removing the name at once leaves nothing behind.
        defer { try? FileManager.default.removeItem(at: url) }
        return try Archive(url: url, accessMode: .read)
    }
}
