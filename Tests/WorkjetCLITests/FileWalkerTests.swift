import Foundation
import Testing

@testable import WorkjetCLI

/// The directory walk looks entries up relative to their open directory and builds a child's relative path
/// only when globs need it; what it finds must not depend on either.
@Suite struct FileWalkerTests {
    private func tree() throws -> TempFolder {
        let folder = try TempFolder()
        try folder.write("a/x.txt", "x")
        try folder.write("a/b/y.log", "yy")
        try folder.write("a/b/c/z.txt", "zzz")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link.txt", withDestinationPath: "a/x.txt")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/broken", withDestinationPath: "/nonexistent/workjet")
        return folder
    }

    @Test func findsFilesSizesAndSkips() throws {
        let folder = try tree()
        let root = folder.path
        let result = FileWalker().walk([root + "/"])
        #expect(result.targets.map(\.path) == ["a/b/c/z.txt", "a/b/y.log", "a/x.txt"].map { root + "/" + $0 })
        #expect(result.targets.map(\.displayPath) == result.targets.map(\.path))
        #expect(result.targets.map(\.size) == [3, 2, 1])
        #expect(result.skipped == [
            SkippedInput(displayPath: root + "/broken", reason: .symlink), SkippedInput(displayPath: root + "/link.txt", reason: .symlink),
        ])
        #expect(result.failed.isEmpty)

        let followed = FileWalker(followSymlinks: true).walk([root])
        #expect(followed.targets.map(\.path) == ["a/b/c/z.txt", "a/b/y.log", "a/x.txt", "link.txt"].map { root + "/" + $0 })
        #expect(followed.failed == [FileFailure(displayPath: root + "/broken", message: "broken symbolic link: No such file or directory")])
    }

    /// Globs see the path relative to the argument (`a/b/y.log`), not the display path or the base name alone.
    @Test func globsMatchRelativePaths() throws {
        let folder = try tree()
        let root = folder.path
        func found(include: [String] = [], exclude: [String] = []) -> [String] {
            FileWalker(filter: PathFilter(include: include, exclude: exclude)).walk([root]).targets.map {
                String($0.path.dropFirst(root.count + 1))
            }
        }
        #expect(found(include: ["a/b/*"]) == ["a/b/c/z.txt", "a/b/y.log"])
        #expect(found(include: ["a/*.txt"]) == ["a/b/c/z.txt", "a/x.txt"])
        #expect(found(exclude: ["a/b"]) == ["a/x.txt"])
        #expect(found(exclude: ["c"]) == ["a/b/y.log", "a/x.txt"])
        #expect(FileWalker(filter: PathFilter(include: ["link.txt"])).walk([root]).skipped.map(\.displayPath) == [root + "/link.txt"])
    }

    /// Entries come in the byte order of their names as decoded; a name that is not UTF-8 is reported with
    /// U+FFFD, which no lookup finds.
    @Test func sortsNamesByBytes() throws {
        let folder = try TempFolder()
        for name in ["b.txt", "B.txt", "a.txt.bak", "é.txt", "e.txt", "a.txt", "a"] { try folder.write("d/" + name, "x") }
        let invalid: [UInt8] = Array((folder.path + "/d/z\u{FF}").utf8.dropLast(2)) + [0xFF, 0]
        let fd = invalid.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) } }
        #expect(fd >= 0)
        close(fd)
        let result = FileWalker().walk([folder.path + "/d"])
        #expect(result.targets.map { String($0.path.dropFirst(folder.path.count + 3)) } == ["B.txt", "a", "a.txt", "a.txt.bak", "b.txt", "e.txt", "é.txt"])
        #expect(result.failed == [FileFailure(displayPath: folder.path + "/d/z\u{FFFD}", message: "cannot stat: No such file or directory")])
    }
}

