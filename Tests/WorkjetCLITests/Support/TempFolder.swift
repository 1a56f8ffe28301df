import Foundation
import ZIPFoundation

/// A generated folder in the temporary directory, removed when the test ends.
final class TempFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "workjet-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a file (creating directories) and returns its full path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    /// Writes `workjet.yaml` for a gateway database in this folder (`gw.sqlite`, `audit_synchronous:
    /// normal`), followed by `extra` YAML lines.
    func writeGatewayConfig(_ extra: String = "") throws {
        try write("workjet.yaml", "database: \(path)/gw.sqlite\naudit_synchronous: normal\n" + extra)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }

    /// A zip of `(name, bytes)` members, deflated.
    static func zip(_ members: [(String, [UInt8])]) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for (name, bytes) in members {
            let data = Data(bytes)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return Array(archive.data!)
    }

    /// A minimal .docx holding one paragraph per string, runs split at `|`.
    static func docx(_ paragraphs: [String]) throws -> [UInt8] {
        let body = paragraphs.map { p in
            "<w:p>" + p.split(separator: "|").map { "<w:r><w:t xml:space=\"preserve\">\($0)</w:t></w:r>" }.joined() + "</w:p>"
        }.joined()
        let document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>"
        let types = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"
        return try zip([("[Content_Types].xml", Array(types.utf8)), ("word/document.xml", Array(document.utf8))])
    }

    /// Gzip with the system `gzip`.
    static func gzip(_ text: String) throws -> [UInt8] {
        let folder = try TempFolder()
        let file = try folder.write("x", text)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-kf", file]
        try process.run()
        process.waitUntilExit()
        return Array(try Data(contentsOf: URL(fileURLWithPath: file + ".gz")))
    }
}
