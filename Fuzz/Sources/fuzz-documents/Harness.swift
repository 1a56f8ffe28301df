import FuzzChecks
import FuzzDocumentsChecks

/// libFuzzer's entry point: the `documents` invariants (see DocumentFailCaseChecks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    runChecks(DocumentFailCaseChecks.harness, data, size, DocumentFailCaseChecks.violations)
    return 0
}

/// The executable's entry point under SwiftPM's name for it; libFuzzer takes over.
@_cdecl("fuzz_documents_main")
public func harnessMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzOneInput)
}
