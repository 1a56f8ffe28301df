#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as bytes (4 or 16); IPv4-mapped IPv6 addresses are read as IPv4.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Parses a textual address (`192.0.2.7`, `2001:db8::1`, `::ffff:192.0.2.7`); nil if it is not one.
    /// Zone ids (`fe80::1%eth0`) and ports are not addresses.
    public init?(_ text: some StringProtocol) {
        let text = String(text)
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        // Byte searches, not `contains("…")`, which goes through Foundation's string search (every request
        // parses its peer address).
        let hasDot = text.utf8.contains(UInt8(ascii: "."))
        let hasColon = text.utf8.contains(UInt8(ascii: ":"))
        var v4 = in_addr()
        if hasDot, !hasColon, inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard hasColon, inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let raw = withUnsafeBytes(of: &v6) { Array($0) }
        if raw[0..<10].allSatisfy({ $0 == 0 }), raw[10] == 0xff, raw[11] == 0xff {
            bytes = Array(raw[12..<16])
        } else {
            bytes = raw
        }
    }

    /// Canonical text.
    public var description: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var raw = in6_addr()
        withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: bytes) }
        guard inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// An address block such as `10.0.0.0/8` or `2001:db8::/32`; a bare address is a block of one.
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    /// The network address.
    public let address: IPAddress
    /// The prefix length in bits.
    public let prefixLength: Int

    /// Parses `address/prefix` or a bare address. Throws `invalid_configuration` naming the text.
    public init(_ text: String) throws(GatewayError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(parts[0]) else {
            throw GatewayError(.invalidConfiguration, "trusted proxy '\(text.prefix(60))' is not an IP address or CIDR block (10.0.0.0/8, 2001:db8::/32)")
        }
        let bits = address.bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...bits).contains(parsed) else {
                throw GatewayError(.invalidConfiguration, "trusted proxy '\(text.prefix(60))' has a prefix length outside 0…\(bits)")
            }
            // An IPv4-mapped IPv6 block (::ffff:10.0.0.0/104) is kept as the IPv4 block it denotes.
            length = parts[0].contains(":") && bits == 32 ? max(0, parsed - 96) : parsed
        }
        self.address = address
        self.prefixLength = length
    }

    /// Whether the address lies in the block (an IPv4 address never lies in an IPv6 block).
    public func contains(_ other: IPAddress) -> Bool {
        guard other.bytes.count == address.bytes.count else { return false }
        var remaining = prefixLength
        for index in address.bytes.indices where remaining > 0 {
            let take = min(8, remaining)
            let mask: UInt8 = take == 8 ? 0xff : ~(0xff >> UInt8(take))
            if address.bytes[index] & mask != other.bytes[index] & mask { return false }
            remaining -= take
        }
        return true
    }

    /// `address/prefix`.
    public var description: String { "\(address)/\(prefixLength)" }
}
