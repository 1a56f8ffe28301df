import Foundation

/// What a cap applies to.
public struct BudgetScope: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of scope.
    public enum Kind: String, Sendable, Hashable {
        /// A whole workspace.
        case workspace
        /// One API key.
        case key
        /// One member.
        case user
    }

    /// The kind.
    public var kind: Kind
    /// The workspace it belongs to.
    public var workspaceID: String
    /// The key or member id (the workspace id for ``Kind/workspace``).
    public var id: String

    /// Creates a scope.
    public init(kind: Kind, workspaceID: String, id: String) {
        self.kind = kind
        self.workspaceID = workspaceID
        self.id = id
    }

    /// `workspace`, `key 3f2a…`, `user 9b1c…`.
    public var description: String { kind == .workspace ? "workspace" : "\(kind.rawValue) \(id)" }
}

/// A scope with its cap for one month (`2026-11`).
public struct BudgetAccount: Sendable, Hashable {
    /// The scope.
    public var scope: BudgetScope
    /// The month, `YYYY-MM` (UTC).
    public var month: String
    /// The cap in USD.
    public var cap: Decimal

    /// Creates an account.
    public init(scope: BudgetScope, month: String, cap: Decimal) {
        self.scope = scope
        self.month = month
        self.cap = cap
    }
}

/// An account's standing: settled spend plus reservations in flight.
public struct BudgetStanding: Sendable, Hashable {
    /// The account.
    public var account: BudgetAccount
    /// Settled spend this month.
    public var spent: Decimal
    /// Reserved by requests in flight.
    public var reserved: Decimal

    /// Spent and reserved, as a share of the cap.
    public var usedShare: Decimal { (spent + reserved) / account.cap }
}

/// The answer to ``BudgetStore/reserve(_:in:)``.
public struct BudgetReservationResult: Sendable, Hashable {
    /// Whether the amount was reserved in every account.
    public var reserved: Bool
    /// The accounts after the decision (before it, when refused), in order.
    public var standings: [BudgetStanding]
}

/// Where budget state lives. ``InProcessBudgetStore`` holds it in memory, seeded from the audit log;
/// a store shared by several gateway instances implements the same calls atomically.
public protocol BudgetStore: Sendable {
    /// Reserves `amount` in every account, or in none if any would go past its cap. Atomic.
    func reserve(_ amount: Decimal, in accounts: [BudgetAccount]) async throws -> BudgetReservationResult
    /// Replaces a reservation by the actual cost (0 releases it).
    func settle(reserved: Decimal, actual: Decimal, in accounts: [BudgetAccount]) async throws
    /// The accounts' standings.
    func standings(_ accounts: [BudgetAccount]) async throws -> [BudgetStanding]
}
