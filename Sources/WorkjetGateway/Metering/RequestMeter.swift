import Foundation
import Synchronization

/// One request's metering: prices its usage, settles its budget reservation and charges its tokens to
/// the rate limits, exactly once whichever way the request ends (answer, upstream error, cut stream,
/// client gone).
final class RequestMeter: Sendable {
    let control: GatewayControl
    let hold: BudgetHold?
    let rates: TokenRates?
    let keyID: String
    let clientIP: String?
    private let settled = Mutex(false)

    init(control: GatewayControl, hold: BudgetHold?, rates: TokenRates?, keyID: String, clientIP: String?) {
        self.control = control
        self.hold = hold
        self.rates = rates
        self.keyID = keyID
        self.clientIP = clientIP
    }

    /// Settles a request the upstream served, with the usage it reported. An answer that may have used
    /// more than it reported (`complete` false: a cut stream; or no usage report at all) is billed at
    /// least at its reservation, so a cap still holds. Returns the cost, nil when the model has no price
    /// or the meter was already settled.
    @discardableResult
    func settle(_ usage: TokenUsage?, complete: Bool = true) async -> Decimal? {
        guard claim() else { return nil }
        var cost = usage.flatMap { usage in rates.map { $0.cost(of: usage) } }
        if !complete || usage == nil, let hold { cost = max(cost ?? 0, hold.amount) }
        if let hold { await control.budgets.settle(hold, actual: cost ?? 0) }
        if let usage { await control.limiter.chargeTokens(usage.total, keyID: keyID, clientIP: clientIP) }
        return rates == nil ? nil : (cost ?? 0)
    }

    /// Releases the reservation of a request the upstream never served (or refused with an error); a
    /// priced request costs 0, which the audit record says unless it was already metered.
    func release(recordingOn audit: inout AuditRecord) async {
        if rates != nil, audit.cost == nil { audit.cost = "0" }
        guard claim() else { return }
        if let hold { await control.budgets.settle(hold, actual: 0) }
    }

    /// True the first time only.
    private func claim() -> Bool {
        settled.withLock { done in
            defer { done = true }
            return !done
        }
    }

    /// Writes usage and cost onto the audit record.
    static func record(_ usage: TokenUsage?, cost: Decimal?, on audit: inout AuditRecord) {
        if let usage {
            audit.inputTokens = usage.inputTokens
            audit.outputTokens = usage.outputTokens
        }
        if let cost { audit.cost = DecimalText.format(cost) }
    }
}
