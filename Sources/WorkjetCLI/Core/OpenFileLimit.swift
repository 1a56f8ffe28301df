#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's limit on open descriptors, which bounds the gateway's client connections (each one a
/// descriptor, beside the database's and the upstream pools').
///
/// Services often start with a soft limit of 1,024 (systemd's default) and a far higher hard limit
/// (524,288 there). `workjet serve` raises the soft limit to the hard one at start, as servers commonly
/// do, so that the hard limit an operator set is the one that applies.
enum OpenFileLimit {
    /// Raises the soft limit to the hard limit; returns the limits before and after, or nil if they could
    /// not be read or set (then nothing changed).
    static func raiseToHardLimit() -> (before: UInt64, after: UInt64)? {
        var limit = rlimit()
        guard getrlimit(RLIMIT_NOFILE_CONSTANT, &limit) == 0 else { return nil }
        let before = UInt64(limit.rlim_cur)
        guard limit.rlim_cur < limit.rlim_max else { return (before, before) }
        limit.rlim_cur = limit.rlim_max
        guard setrlimit(RLIMIT_NOFILE_CONSTANT, &limit) == 0 else { return nil }
        return (before, UInt64(limit.rlim_cur))
    }

    #if canImport(Glibc)
    private static var RLIMIT_NOFILE_CONSTANT: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_NOFILE.rawValue) }
    #else
    private static var RLIMIT_NOFILE_CONSTANT: Int32 { RLIMIT_NOFILE }
    #endif
}
