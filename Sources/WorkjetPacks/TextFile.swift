import Foundation

/// File access for packs and policies, with failures reported as ``PackError/Code/io``.
enum TextFile {
    static func read(_ path: String) throws(PackError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let why = !exists ? "no such file" : isDirectory.boolValue ? "it is a directory" : "it cannot be read"
            throw PackError(.io, "cannot read the file: \(why)", source: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PackError(.io, "cannot read the file: it is not UTF-8 text", source: path)
        }
        return text
    }

    /// Files directly in `directory` whose extension is one of `extensions`, sorted by path.
    static func list(directory: String, extensions: Set<String>) throws(PackError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw PackError(.io, "cannot list the directory: \(error.localizedDescription)", source: directory)
        }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        return names.filter { name in
            !name.hasPrefix(".") && extensions.contains((name as NSString).pathExtension.lowercased())
        }.sorted().map { base + $0 }
    }
}
