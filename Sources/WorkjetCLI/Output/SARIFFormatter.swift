import Foundation
import WorkjetEngine

/// SARIF 2.1.0 output as GitHub code scanning reads it: one run, a rule per detector that fired,
/// a result per finding with its region (line, column, byte offset and length) and a partial fingerprint.
struct SARIFFormatter {
    let registry: DetectorRegistry

    func document(_ findings: [ReportedFinding], summary: ScanSummary) -> String {
        let ruleIDs = Set(findings.map(\.detector)).sorted()
        let ruleIndex = Dictionary(uniqueKeysWithValues: ruleIDs.enumerated().map { ($1, $0) })
        let rules: [[String: Any]] = ruleIDs.map { id in
            let type = registry.detector(id: id)?.entityType.rawValue ?? findings.first { $0.detector == id }?.type ?? "SENSITIVE_DATA"
            return [
                "id": id,
                "name": id,
                "shortDescription": ["text": "\(type) found by detector \(id)"],
                "fullDescription": ["text": "Sensitive data of type \(type) detected by the workjet detector '\(id)'."],
                "defaultConfiguration": ["level": "error"],
                "help": ["text": "Remove or redact the value (workjet redact), or mark the line with workjet:allow if it is not sensitive."],
                "properties": ["tags": ["security", "dlp", type]],
            ]
        }
        let results: [[String: Any]] = findings.map { f in
            var message = "\(f.type) (\(f.detector), confidence \(String(format: "%.2f", f.confidence))): \(f.masked)"
            if let member = f.member { message += " in archive member \(member)" }
            var region: [String: Any] = ["startLine": f.line, "startColumn": f.column, "byteOffset": f.start, "byteLength": f.end - f.start]
            if f.member != nil { region = ["startLine": f.line, "startColumn": f.column] }
            var result: [String: Any] = [
                "ruleId": f.detector,
                "ruleIndex": ruleIndex[f.detector] ?? 0,
                "level": Self.level(f.action),
                "message": ["text": message],
                "locations": [[
                    "physicalLocation": [
                        "artifactLocation": ["uri": Self.uri(f.file)],
                        "region": region,
                    ]
                ]],
                "partialFingerprints": ["workjetFingerprint/v1": f.fingerprint.string],
                "properties": ["entityType": f.type, "confidence": f.confidence, "action": f.action.rawValue],
            ]
            if let member = f.member {
                result["properties"] = ["entityType": f.type, "confidence": f.confidence, "action": f.action.rawValue, "member": member]
            }
            return result
        }
        let notifications: [[String: Any]] = summary.failures.map { failure in
            [
                "level": "error",
                "message": ["text": "\(failure.displayPath): \(failure.message)"],
                "locations": [["physicalLocation": ["artifactLocation": ["uri": Self.uri(failure.displayPath)]]]],
            ]
        }
        let run: [String: Any] = [
            "tool": [
                "driver": [
                    "name": "workjet",
                    "version": WorkjetVersion.current,
                    "semanticVersion": WorkjetVersion.current,
                    "informationUri": "https://example.invalid/workjet",
                    "rules": rules,
                ]
            ],
            "results": results,
            "invocations": [[
                "executionSuccessful": summary.failures.isEmpty,
                "toolExecutionNotifications": notifications,
            ]],
            "columnKind": "unicodeCodePoints",
        ]
        let document: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func level(_ action: Action) -> String {
        switch action {
        case .block, .redact: "error"
        case .warn: "warning"
        case .allow: "note"
        }
    }

    /// A relative URI reference for a path: percent-encoded, `/` kept.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~/")
        let trimmed = path.hasPrefix("/") ? "file://" + path : path
        if trimmed.hasPrefix("file://") {
            return "file://" + (String(trimmed.dropFirst(7)).addingPercentEncoding(withAllowedCharacters: allowed) ?? path)
        }
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
