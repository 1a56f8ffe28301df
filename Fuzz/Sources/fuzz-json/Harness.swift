import FuzzChecks

/// libFuzzer's entry point: the `json` invariants (see FuzzHarness.json).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.json.run(data, size)
    return 0
}

/// The executable's entry point under SwiftPM's name for it; libFuzzer takes over.
@_cdecl("fuzz_json_main")
public func harnessMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzOneInput)
}

/// Called once by libFuzzer before the first input.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutableRawPointer?) -> CInt {
    FuzzHarness.json.warmUp()
    return 0
}
