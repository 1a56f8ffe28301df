import WorkjetEngine

/// Turns engine findings into reported findings: applies the policy, `--types` and `--min-confidence`,
/// inline `workjet:allow` markers and the baseline, and computes fingerprints.
public struct FindingFilter: Sendable {
    /// The policy giving each finding an action and a confidence threshold.
    public var policy: Policy
    /// Entity types or detector ids to keep (empty: all).
    public var types: Set<String>
    /// Findings below this confidence are dropped (in addition to the policy's thresholds).
    public var minimumConfidence: Double
    /// Fingerprints of known findings to drop.
    public var baseline: Set<String> {
        didSet { knownFingerprints = Set(baseline.map { FindingFingerprint($0) }) }
    }
    /// ``baseline`` as the fingerprints findings carry, so that a finding is looked up without writing
    /// its fingerprint out as text (a text that is not a fingerprint stays one that no finding has).
    private(set) var knownFingerprints: Set<FindingFingerprint>
    /// Whether values are included in the output.
    public var showSecrets: Bool
    /// The key fingerprints are computed with.
    public var fingerprintKey: [UInt8] {
        didSet { fingerprinter = Fingerprinter(key: fingerprintKey) }
    }
    /// The key, hashed once.
    private(set) var fingerprinter: Fingerprinter

    /// Creates a filter.
    public init(
        policy: Policy, types: Set<String> = [], minimumConfidence: Double = 0, baseline: Set<String> = [],
        showSecrets: Bool = false, fingerprintKey: [UInt8]
    ) {
        self.policy = policy
        self.types = Set(types.map { $0.uppercased() }).union(types.map { $0.lowercased() })
        self.minimumConfidence = minimumConfidence
        self.baseline = baseline
        knownFingerprints = Set(baseline.map { FindingFingerprint($0) })
        self.showSecrets = showSecrets
        self.fingerprintKey = fingerprintKey
        fingerprinter = Fingerprinter(key: fingerprintKey)
    }

    /// What happened to the findings of one buffer.
    struct Counts {
        var suppressedInline = 0
        var suppressedBaseline = 0
    }

    /// Reports `findings`; `value` returns a finding's bytes (nil if no longer buffered), valid for the call.
    func report(
        _ findings: [Finding], file: String, member: String?, fingerprints: FileFingerprinter, lines: inout some LinePositions,
        counts: inout Counts, value: (Finding) -> UnsafeRawBufferPointer?
    ) -> [ReportedFinding] {
        var reported: [ReportedFinding] = []
        // At most one per engine finding: one allocation, not a doubling every few findings (3,513 of them
        // for 1,000 small files).
        reported.reserveCapacity(findings.count)
        for policyFinding in ScanOutcome(findings: findings, policy: policy).findings where accepts(policyFinding.finding) {
            let finding = policyFinding.finding
            let (line, column) = lines.position(of: finding.start)
            if lines.isAllowed(line: line) {
                counts.suppressedInline += 1
                continue
            }
            let candidate = self.candidate(
                policyFinding, file: file, member: member, value: value(finding) ?? UnsafeRawBufferPointer(start: nil, count: 0),
                fingerprints: fingerprints)
            if candidate.inBaseline {
                counts.suppressedBaseline += 1
                continue
            }
            var located = candidate.finding
            located.line = line
            located.column = column
            reported.append(located)
        }
        return reported
    }

    /// Whether `finding` passes `--min-confidence` and `--types` (the policy's own threshold is applied before).
    func accepts(_ finding: Finding) -> Bool {
        finding.confidence >= minimumConfidence
            && (types.isEmpty || types.contains(finding.entityType.rawValue) || types.contains(finding.detectorID))
    }

    /// A reported finding without its line and column (0), and whether the baseline holds it; `fingerprints`
    /// is this filter's ``fingerprinter`` for `file` and `member`.
    func candidate(
        _ policyFinding: PolicyFinding, file: String, member: String?, value bytes: UnsafeRawBufferPointer,
        fingerprints: FileFingerprinter
    ) -> (finding: ReportedFinding, inBaseline: Bool) {
        let finding = policyFinding.finding
        let fingerprint = fingerprints.fingerprint(detector: finding.detectorID, value: bytes)
        let reported = ReportedFinding(
            file: file, member: member, type: finding.entityType.rawValue, detector: finding.detectorID,
            start: finding.start, end: finding.end, line: 0, column: 0, confidence: finding.confidence,
            validated: finding.validated, action: policyFinding.action,
            masked: ReportedFinding.mask(bytes), value: showSecrets ? String(decoding: bytes, as: UTF8.self) : nil,
            fingerprint: fingerprint)
        return (reported, !knownFingerprints.isEmpty && knownFingerprints.contains(fingerprint))
    }
}
