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
}
