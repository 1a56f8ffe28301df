/// Archive member names made safe to print and never able to point outside the archive.
enum MemberName {
    /// The separator between an archive's name and the name of a member inside it: `a.zip!/b/c.txt`.
    static let separator = "!/"

    /// Returns the name to report for a member and whether the original was unsafe
    /// (absolute, `..` components, a drive letter or control characters).
    ///
    /// Works on Unicode scalars, never on `Character`s: a combining mark after `/` or `.` (`../\u{301}x`)
    /// makes one grapheme of `/\u{301}`, so splitting by Character would miss the separator and keep a
    /// `..` component that every byte-level consumer (a file system, `unzip`) sees.
    static func sanitize(_ raw: String) -> (name: String, unsafe: Bool) {
        var unsafe = false
        var parts: [String.UnicodeScalarView] = []
        var part = String.UnicodeScalarView()
        var atStart = true
        func close() {
            defer { part = String.UnicodeScalarView() }
            if part.isEmpty || part.elementsEqual(CollectionOfOne(".")) { return }
            // A drive letter (`C:`) would make the name absolute on Windows: drop it like `..`.
            if parts.isEmpty, part.count == 2, part.last == ":" {
                unsafe = true
                return
            }
            if part.elementsEqual(["." as Unicode.Scalar, "."]) {
                unsafe = true
                return
            }
            parts.append(part)
        }
        for scalar in raw.unicodeScalars {
            if scalar == "/" || scalar == "\\" {
                if atStart { unsafe = true }
                close()
            } else if scalar.value < 0x20 || scalar.value == 0x7F {
                unsafe = true
                part.append("?")
            } else {
                part.append(scalar)
            }
            atStart = false
        }
        close()
        var name = String.UnicodeScalarView()
        for (index, part) in parts.enumerated() {
            if index > 0 { name.append("/") }
            name.append(contentsOf: part)
        }
        return (name.isEmpty ? "_" : String(name), unsafe)
    }

    /// Joins an enclosing member path and a member name.
    static func join(_ parent: String?, _ name: String) -> String {
        guard let parent else { return name }
        return parent + separator + name
    }
}
