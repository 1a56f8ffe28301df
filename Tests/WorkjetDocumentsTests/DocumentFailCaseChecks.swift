// The `documents` fuzzing invariants, in one place.
//
// Compiled twice, like Tests/WorkjetEngineTests/FailCaseChecks.swift: into WorkjetDocumentsTests (which
// replays Fuzz/FailCases/documents/* through it, DocumentFailCaseReplayTests.swift) and, through a symbolic
// link at Fuzz/Sources/FuzzDocumentsChecks/DocumentFailCaseChecks.swift, into `fuzz-documents`. It lives
// here rather than in FailCaseChecks.swift because WorkjetEngineTests does not depend on WorkjetDocuments.
// Keep it free of Testing, XCTest and Foundation; only WorkjetDocuments' public API.
import WorkjetDocuments

/// Checks one input as a document given to `DocumentExtractor.extract(bytes:name:)`.
public enum DocumentFailCaseChecks {
    /// The folder the failing inputs are kept under (`Fuzz/FailCases/documents/`).
    public static let harness = "documents"

    /// Limits small enough that a fuzzer's process stays bounded (the defaults allow 1 GiB per document).
    public static let limits: ExtractionLimits = {
        var limits = ExtractionLimits()
        limits.maxMemberBytes = 1 << 20
        limits.maxTotalBytes = 4 << 20
        limits.ratioFloorBytes = 64 << 10
        limits.maxMembers = 256
        return limits
    }()

    /// How far the expanded total may pass `maxTotalBytes`: the check runs after each read buffer or
    /// inflate chunk (64 KiB), once per archive level that is still reading, so one buffer per level.
    static let slack = (limits.maxDepth + 1) * (64 << 10)

    static let codes: Set<DocumentError.Code> = [
        .brokenArchive, .zipBomb, .tooDeep, .tooLarge, .unsafeName, .invalidXML, .readFailed,
    ]

    /// A zip is tried both as a plain zip and as an Office document (the name decides); anything else once.
    public static func violations(_ data: [UInt8]) -> [String] {
        let names = DocumentFormat.sniff(prefix: data, name: "input.zip") == .zip ? ["input.zip", "input.docx"] : ["input.bin"]
        return names.flatMap { extract(data, name: $0) }
    }

    /// No crash; a typed error with a message, or parts and a report within the limits whose member
    /// names have no empty, `.` or `..` component, no leading `/`, no backslash and no control character.
    static func extract(_ data: [UInt8], name: String) -> [String] {
        var parts: [ExtractedPart] = []
        let report: ExtractionReport
        do throws(DocumentError) {
            report = try DocumentExtractor(limits: limits).extract(bytes: data, name: name) { parts.append($0) }
        } catch {
            return typed(error, name: name)
        }
        var problems: [String] = []
        if report.parts != parts.count { problems.append("\(name): report.parts \(report.parts) but \(parts.count) parts visited") }
        if report.expandedBytes > limits.maxTotalBytes + slack {
            problems.append("\(name): expanded \(report.expandedBytes) bytes, past maxTotalBytes \(limits.maxTotalBytes) + \(slack)")
        }
        let plainWhole = parts.count == 1 && parts[0].member == name && parts[0].bytes == data
        var emitted = 0
        for part in parts where !(plainWhole && part.member == name) {
            emitted += part.bytes.count
            if part.bytes.count > limits.maxMemberBytes {
                problems.append("\(name): part \(String(reflecting: part.member)) has \(part.bytes.count) bytes, over maxMemberBytes")
            }
            if let reason = unsafe(part.member) { problems.append("\(name): part name \(String(reflecting: part.member)) \(reason)") }
        }
        if emitted > limits.maxTotalBytes + slack { problems.append("\(name): \(emitted) bytes of parts, past maxTotalBytes") }
        for error in report.problems {
            problems += typed(error, name: name)
            if let member = error.member, let reason = unsafe(member) {
                problems.append("\(name): reported member \(String(reflecting: member)) \(reason)")
            }
        }
        return problems
    }

    static func typed(_ error: DocumentError, name: String) -> [String] {
        var problems: [String] = []
        if !codes.contains(error.code) { problems.append("\(name): unknown error code \(error.code)") }
        if error.message.isEmpty { problems.append("\(name): DocumentError \(error.code) without a message") }
        return problems
    }

    /// Why a reported member name is unsafe, judged on its UTF-8 bytes (not on Characters, so that a
    /// combining mark after `/` or `.` cannot hide a separator), or nil. Levels are joined by `!/`.
    static func unsafe(_ member: String) -> String? {
        let bytes = Array(member.utf8)
        if bytes.first == UInt8(ascii: "/") { return "is absolute" }
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "holds a control character" }
        if bytes.contains(UInt8(ascii: "\\")) { return "holds a backslash" }
        for component in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if component.elementsEqual([0x2E, 0x2E]) { return "has a '..' component" }
            if component.elementsEqual([0x2E]) { return "has a '.' component" }
            if component.isEmpty { return "has an empty component" }
        }
        if let first = bytes.split(separator: UInt8(ascii: "/")).first, first.count == 2, first.last == UInt8(ascii: ":") {
            return "starts with a drive letter"
        }
        return nil
    }
}
