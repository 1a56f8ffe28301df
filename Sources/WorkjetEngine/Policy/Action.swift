/// What to do about a finding. Ordered by strength: `block > redact > warn > allow`.
public enum Action: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// Report nothing upstream; the finding is recorded only.
    case allow
    /// Forward unchanged, flag the finding.
    case warn
    /// Replace the value before forwarding.
    case redact
    /// Refuse the input.
    case block

    var strength: Int {
        switch self {
        case .allow: 0
        case .warn: 1
        case .redact: 2
        case .block: 3
        }
    }

    public static func < (lhs: Action, rhs: Action) -> Bool { lhs.strength < rhs.strength }
}
