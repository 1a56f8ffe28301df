/// Exponential backoff with full jitter: before retry `n` (1, 2, …) wait a uniformly random time in
/// `0 … min(max, base × 2^(n−1))`, so that clients retrying together spread out.
public struct Backoff: Sendable, Hashable {
    /// First ceiling, milliseconds.
    public var baseMilliseconds: Int
    /// Largest ceiling, milliseconds.
    public var maxMilliseconds: Int

    /// Creates a policy.
    public init(baseMilliseconds: Int, maxMilliseconds: Int) {
        self.baseMilliseconds = baseMilliseconds
        self.maxMilliseconds = maxMilliseconds
    }

    /// The ceiling before retry `retry` (1-based).
    public func ceiling(retry: Int) -> Int {
        guard baseMilliseconds > 0 else { return 0 }
        let shift = min(max(retry - 1, 0), 20)
        return min(maxMilliseconds, baseMilliseconds << shift)
    }

    /// The delay before retry `retry`, drawn from `generator`.
    public func delay(retry: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceiling(retry: retry)
        guard ceiling > 0 else { return .zero }
        return .milliseconds(Int.random(in: 0...ceiling, using: &generator))
    }
}
