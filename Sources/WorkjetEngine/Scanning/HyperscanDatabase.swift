import CHyperscan

/// A compiled Hyperscan database (block or stream mode). Immutable after creation.
///
/// Safe to share across threads: Hyperscan databases are read-only once compiled; all mutable
/// state of a scan lives in a scratch space (``ScanScratch``), one per concurrent scan.
final class HyperscanDatabase: @unchecked Sendable {
    let handle: OpaquePointer

    /// One expression to compile.
    struct Expression {
        var pattern: String
        var flags: UInt32
        var id: UInt32
    }

    /// Compiles the expressions; on failure, reports the index of the failing expression (or nil for the whole set).
    init(expressions: [Expression], mode: UInt32) throws(CompileFailure) {
        var database: OpaquePointer?
        var compileError: UnsafeMutablePointer<hs_compile_error_t>?
        let cStrings = expressions.map { strdup($0.pattern) }
        defer { cStrings.forEach { free($0) } }
        let flags = expressions.map(\.flags)
        let ids = expressions.map(\.id)
        let rc = cStrings.map { UnsafePointer($0) }.withUnsafeBufferPointer { patterns in
            hs_compile_multi(
                patterns.baseAddress, flags, ids, UInt32(expressions.count), mode, nil, &database, &compileError)
        }
        guard rc == HS_SUCCESS, let database else {
            let message = compileError.map { String(cString: $0.pointee.message) } ?? "Hyperscan error \(rc)"
            let index = compileError.map { Int($0.pointee.expression) }
            if let compileError { hs_free_compile_error(compileError) }
            throw CompileFailure(index: index.flatMap { $0 >= 0 ? $0 : nil }, message: message)
        }
        handle = database
    }

    deinit { hs_free_database(handle) }

    /// Bytes the compiled database occupies.
    var size: Int {
        var n = 0
        hs_database_size(handle, &n)
        return n
    }

    struct CompileFailure: Error {
        var index: Int?
        var message: String
    }

    /// What Hyperscan can say about one expression before compiling it.
    struct Info {
        var minWidth: Int
        /// nil when unbounded.
        var maxWidth: Int?
    }

    /// Analyses one expression; returns the error message when Hyperscan rejects it with these flags.
    static func info(pattern: String, flags: UInt32) -> Result<Info, CompileFailure> {
        var info: UnsafeMutablePointer<hs_expr_info_t>?
        var compileError: UnsafeMutablePointer<hs_compile_error_t>?
        let rc = hs_expression_info(pattern, flags, &info, &compileError)
        guard rc == HS_SUCCESS, let info else {
            let message = compileError.map { String(cString: $0.pointee.message) } ?? "Hyperscan error \(rc)"
            if let compileError { hs_free_compile_error(compileError) }
            return .failure(CompileFailure(index: nil, message: message))
        }
        defer { free(info) }
        let maxWidth = info.pointee.max_width
        return .success(Info(minWidth: Int(info.pointee.min_width), maxWidth: maxWidth == UInt32.max ? nil : Int(maxWidth)))
    }
}

/// The mutable state one scan needs: Hyperscan scratch for the engine's databases and PCRE2 match state.
/// Owned by one scan at a time; the engine keeps a pool of them.
///
/// `@unchecked Sendable`: a scratch moves between threads through the engine's pool but is used by
/// one scan at a time, which is what Hyperscan requires.
final class ScanScratch: @unchecked Sendable {
    var hsScratch: OpaquePointer?
    let pcre: PCRE2MatchState
    let collector: ClusterCollector
    let digits = DigitScratch()

    /// Per pattern: where the next confirmation may start (absolute), so that a match found from one
    /// cluster is not found again, or cut into, from the next cluster of the same pattern (as in a
    /// whole-input scan, which resumes after each match). `Int.min` when unset.
    let resumes: UnsafeMutableBufferPointer<Int>

    init(
        databases: [HyperscanDatabase], windows: [Int], reaches: [Int]? = nil, tails: [Int]? = nil, pcre: PCRE2MatchState,
        wholeInput: Bool = false
    ) throws(EngineError) {
        self.pcre = pcre
        self.collector = ClusterCollector(windows: windows, reaches: reaches, tails: tails, wholeInput: wholeInput)
        resumes = .allocate(capacity: windows.count)
        resumes.initialize(repeating: Int.min)
        for database in databases {
            let rc = hs_alloc_scratch(database.handle, &hsScratch)
            guard rc == HS_SUCCESS else {
                throw EngineError(.scanFailed, "could not allocate Hyperscan scratch space (error \(rc))")
            }
        }
    }

    deinit {
        if let hsScratch { hs_free_scratch(hsScratch) }
        resumes.deallocate()
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
