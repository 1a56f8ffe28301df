import Foundation
import Synchronization

/// Budget state in this process's memory.
///
/// An account's settled spend is read once from durable storage (the audit log's costs for the month)
/// the first time it is used, then kept here; reservations and settlements happen under one lock, so
/// concurrent requests can never reserve more than the cap between them.
public final class InProcessBudgetStore: BudgetStore {
    /// Reads the settled spend of a scope in a month from durable storage.
    public typealias Loader = @Sendable (BudgetScope, String) async throws -> Decimal

    private struct Key: Hashable {
        var scope: BudgetScope
        var month: String
    }

    private struct Balance {
        var spent: Decimal
        var reserved: Decimal
    }

    private let balances = Mutex<[Key: Balance]>([:])
    private let loads = Mutex<[Key: Task<Decimal, any Error>]>([:])
    private let loader: Loader

    /// Creates a store that seeds accounts with `loader`.
    public init(loader: @escaping Loader) { self.loader = loader }

    /// Seeds the accounts if new, then reserves in all or none under one lock.
    public func reserve(_ amount: Decimal, in accounts: [BudgetAccount]) async throws -> BudgetReservationResult {
        try await load(accounts)
        return balances.withLock { balances in
            let current = accounts.map { account -> BudgetStanding in
                let balance = balances[Key(scope: account.scope, month: account.month)]!
                return BudgetStanding(account: account, spent: balance.spent, reserved: balance.reserved)
            }
            let fits = current.allSatisfy { $0.spent + $0.reserved + amount <= $0.account.cap }
            guard fits else { return BudgetReservationResult(reserved: false, standings: current) }
            for account in accounts { balances[Key(scope: account.scope, month: account.month)]!.reserved += amount }
            return BudgetReservationResult(
                reserved: true, standings: current.map { var s = $0; s.reserved += amount; return s })
        }
    }

    /// Moves the reservation to settled spend at the actual amount.
    public func settle(reserved: Decimal, actual: Decimal, in accounts: [BudgetAccount]) async throws {
        try await load(accounts)
        balances.withLock { balances in
            for account in accounts {
                let key = Key(scope: account.scope, month: account.month)
                balances[key]!.reserved = max(0, balances[key]!.reserved - reserved)
                balances[key]!.spent += actual
            }
        }
    }

    /// Settled and reserved amounts of each account.
    public func standings(_ accounts: [BudgetAccount]) async throws -> [BudgetStanding] {
        try await load(accounts)
        return balances.withLock { balances in
            accounts.map { account in
                let balance = balances[Key(scope: account.scope, month: account.month)]!
                return BudgetStanding(account: account, spent: balance.spent, reserved: balance.reserved)
            }
        }
    }

    /// Seeds each account once; concurrent first uses share one read.
    private func load(_ accounts: [BudgetAccount]) async throws {
        for account in accounts {
            let key = Key(scope: account.scope, month: account.month)
            if balances.withLock({ $0[key] != nil }) { continue }
            let loader = self.loader
            let task = loads.withLock { loads in
                if let running = loads[key] { return running }
                let task = Task { try await loader(key.scope, key.month) }
                loads[key] = task
                return task
            }
            let spent: Decimal
            do { spent = try await task.value } catch {
                loads.withLock { _ = $0.removeValue(forKey: key) }
                throw error
            }
            balances.withLock { balances in
                if balances[key] == nil { balances[key] = Balance(spent: spent, reserved: 0) }
            }
            loads.withLock { _ = $0.removeValue(forKey: key) }
        }
    }
}
