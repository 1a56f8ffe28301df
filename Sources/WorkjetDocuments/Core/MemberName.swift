/// Archive member names made safe to print and never able to point outside the archive.
enum MemberName {
    /// The separator between an archive's name and the name of a member inside it: `a.zip!/b/c.txt`.
    static let separator = "!/"

    /// Returns the name to report for a member and whether the original was unsafe
    /// (absolute, `..` components, a drive letter or control characters).
    static func sanitize(_ raw: String) -> (name: String, unsafe: Bool) {
        var unsafe = false
        var cleaned = ""
        for scalar in raw.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                unsafe = true
                cleaned.unicodeScalars.append("?")
            } else if scalar == "\\" {
                cleaned.unicodeScalars.append("/")
            } else {
                cleaned.unicodeScalars.append(scalar)
            }
        }
        if cleaned.hasPrefix("/") { unsafe = true }
        var parts: [Substring] = []
        for (index, part) in cleaned.split(separator: "/", omittingEmptySubsequences: true).enumerated() {
            if part == "." { continue }
            // A drive letter (`C:`) would make the name absolute on Windows: drop it like `..`.
            if index == 0, part.count == 2, part.hasSuffix(":") {
                unsafe = true
                continue
            }
            if part == ".." {
                unsafe = true
                continue
            }
            parts.append(part)
        }
        let name = parts.joined(separator: "/")
        return (name.isEmpty ? "_" : name, unsafe)
    }

    /// Joins an enclosing member path and a member name.
    static func join(_ parent: String?, _ name: String) -> String {
        guard let parent else { return name }
        return parent + separator + name
    }
}
