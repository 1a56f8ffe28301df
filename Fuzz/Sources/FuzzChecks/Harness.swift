#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FuzzHarness {
    /// Runs this harness's checks on one libFuzzer input and aborts on a violation, so that libFuzzer
    /// saves the input as `crash-<sha1>` (copy it to `Fuzz/FailCases/<harness>/`).
    public func run(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        runChecks(rawValue, data, size) { FailCaseChecks.violations(self, $0) }
    }
}

/// Runs `checks` on one libFuzzer input and aborts on a violation, printing `[<harness>] invariant violated: ...`.
/// Shared by harnesses whose checks live outside `FailCaseChecks` (the `documents` harness).
public func runChecks(
    _ harness: String, _ data: UnsafePointer<UInt8>?, _ size: Int, _ checks: ([UInt8]) -> [String]
) {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let problems = checks(bytes)
    guard !problems.isEmpty else { return }
    for problem in problems {
        let line = Array("[\(harness)] invariant violated: \(problem)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
    abort()
}

/// libFuzzer's driver (in the runtime that `-sanitize=fuzzer` links).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Starts libFuzzer from a harness's `<module>_main`.
///
/// SwiftPM links an executable target with `main` aliased to `<module>_main` (so that tests can link the
/// module); with `-parse-as-library` and no `@main` nothing defines that symbol, so each harness defines it
/// and hands over to libFuzzer's driver, which parses the usual libFuzzer flags.
public func runLibFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector, callback)
}

extension FuzzHarness {
    /// Builds what the first input would otherwise build (the engine, and for `stream` the stream-mode
    /// database), from `LLVMFuzzerInitialize`, so that it is not charged to an input's `-timeout`.
    public func warmUp() {
        _ = FailCaseChecks.violations(self, Array("warm up 4111 1111 1111 1111".utf8))
    }
}
