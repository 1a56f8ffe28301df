import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import WorkjetGateway

/// Client IP: the socket's peer, or `X-Forwarded-For` only from a trusted proxy.
@Suite struct ClientAddressTests {
    @Test func cidrBlocksContainTheirAddresses() throws {
        #expect(try CIDR("10.0.0.0/8").contains(IPAddress("10.200.3.4")!))
        #expect(try !CIDR("10.0.0.0/8").contains(IPAddress("11.0.0.1")!))
        #expect(try CIDR("192.168.1.7").contains(IPAddress("192.168.1.7")!))
        #expect(try !CIDR("192.168.1.7").contains(IPAddress("192.168.1.8")!))
        #expect(try CIDR("2001:db8::/32").contains(IPAddress("2001:db8:ffff::1")!))
        #expect(try !CIDR("2001:db8::/32").contains(IPAddress("10.0.0.1")!))
        #expect(try CIDR("172.16.0.0/12").contains(IPAddress("::ffff:172.20.0.1")!))
        #expect(try CIDR("0.0.0.0/0").contains(IPAddress("8.8.8.8")!))
        #expect(IPAddress("::ffff:10.1.2.3")?.description == "10.1.2.3")
        #expect(IPAddress("2001:DB8:0:0::1")?.description == "2001:db8::1")
        #expect(try CIDR("2001:db8::/32").description.hasPrefix("2001:db8::"))
    }

    @Test(arguments: ["10.0.0.0/33", "10.0.0", "nonsense", "10.0.0.0/8/1", "2001:db8::/129", ""])
    func malformedTrustedProxiesAreRejectedAtLoad(text: String) throws {
        var configuration = GatewayConfiguration()
        configuration.control.trustedProxies = [text]
        #expect(throws: GatewayError.self) { try configuration.validate() }
        do { try configuration.validate() } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains("trusted proxy"))
        }
    }

    @Test func forwardedForIsReadOnlyFromTrustedPeers() throws {
        let resolver = ClientAddressResolver(trusted: [try CIDR("10.0.0.0/8")])
        #expect(try resolver.resolve(peer: "203.0.113.9", forwardedFor: ["1.2.3.4"]) == "203.0.113.9")
        #expect(try resolver.resolve(peer: "203.0.113.9", forwardedFor: ["garbage"]) == "203.0.113.9")
        #expect(try resolver.resolve(peer: "10.0.0.2", forwardedFor: ["198.51.100.1"]) == "198.51.100.1")
        // The client can prepend anything; the rightmost untrusted hop is the one the proxy saw.
        #expect(try resolver.resolve(peer: "10.0.0.2", forwardedFor: ["6.6.6.6, 198.51.100.1, 10.0.0.3"]) == "198.51.100.1")
        #expect(try resolver.resolve(peer: "10.0.0.2", forwardedFor: ["6.6.6.6", "198.51.100.1"]) == "198.51.100.1")
        #expect(try resolver.resolve(peer: "10.0.0.2", forwardedFor: ["10.0.0.9"]) == "10.0.0.9")
        #expect(try resolver.resolve(peer: "10.0.0.2", forwardedFor: []) == "10.0.0.2")
        #expect(try resolver.resolve(peer: "10.0.0.2", forwardedFor: [" 2001:db8::7 "]) == "2001:db8::7")
        #expect(try resolver.resolve(peer: nil, forwardedFor: ["1.2.3.4"]) == nil)
    }

    /// The peer is returned in canonical form whether or not the resolver takes its fast path for dotted
    /// IPv4 peers: an IPv4-mapped IPv6 peer is shown as IPv4, and text that is not an address is kept as is.
    @Test func peersAreReturnedInCanonicalForm() throws {
        for trusted in [[], [try CIDR("10.0.0.0/8")]] {
            let resolver = ClientAddressResolver(trusted: trusted)
            #expect(try resolver.resolve(peer: "203.0.113.9", forwardedFor: []) == "203.0.113.9")
            #expect(try resolver.resolve(peer: "::ffff:203.0.113.9", forwardedFor: []) == "203.0.113.9")
            #expect(try resolver.resolve(peer: "2001:DB8:0:0::7", forwardedFor: []) == "2001:db8::7")
            #expect(try resolver.resolve(peer: "010.1.2.3", forwardedFor: []) == "010.1.2.3")
            #expect(try resolver.resolve(peer: "1.2.3", forwardedFor: []) == "1.2.3")
            #expect(try resolver.resolve(peer: "203.0.113.9", forwardedFor: ["198.51.100.1"]) == "203.0.113.9")
        }
    }

    @Test(arguments: ["", "1.2.3.4,", "1.2.3.4:8080", "unknown", "1.2.3.4, <script>", "1.2.3.999"])
    func malformedForwardedForFromATrustedPeerIsRefused(header: String) throws {
        let resolver = ClientAddressResolver(trusted: [try CIDR("10.0.0.0/8")])
        #expect(throws: GatewayError.self) { try resolver.resolve(peer: "10.0.0.2", forwardedFor: [header]) }
        do { _ = try resolver.resolve(peer: "10.0.0.2", forwardedFor: [header]) } catch {
            #expect(error.code == .invalidRequest)
            #expect(error.message.contains("X-Forwarded-For"))
            #expect(!error.message.contains("<script>"))
        }
    }

    @Test func tooManyHopsAreRefused() throws {
        let resolver = ClientAddressResolver(trusted: [try CIDR("10.0.0.0/8")])
        let hops = Array(repeating: "1.1.1.1", count: 40).joined(separator: ",")
        #expect(throws: GatewayError.self) { try resolver.resolve(peer: "10.0.0.2", forwardedFor: [hops]) }
    }

    func xff(_ value: String) -> HTTPFields { [ClientAddressMiddleware.forwardedFor: value] }

    @Test func aSpoofedHeaderFromAnUntrustedPeerChangesNothing() async throws {
        var fixture = GatewayFixture()
        fixture.configuration.control.clock = ManualControlClock()
        fixture.configuration.control.rateLimits.perIP.requestsPerMinute = 1
        let key = try await fixture.key()
        try await fixture.app().test(.live) { client in
            let first = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi"), headers: xff("not an address"))
            #expect(first.status == .ok)
            // A different forged address does not buy a fresh bucket: the peer is still 127.0.0.1.
            let second = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi"), headers: xff("198.51.100.77"))
            #expect(second.status == .tooManyRequests)
            #expect(second.text.contains("per client IP"))
        }
        var query = AuditQuery()
        query.action = "chat.completions"
        let records = try await query.run(try fixture.tasks().pool)
        #expect(records.map(\.clientIP) == ["127.0.0.1"])
    }

    @Test func aTrustedProxyForwardsTheClientAddress() async throws {
        var fixture = GatewayFixture()
        fixture.configuration.control.clock = ManualControlClock()
        fixture.configuration.control.trustedProxies = ["127.0.0.0/8", "::1"]
        fixture.configuration.control.rateLimits.perIP.requestsPerMinute = 1
        let key = try await fixture.key()
        try await fixture.app().test(.live) { client in
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi"), headers: xff("203.0.113.7")).status == .ok)
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi"), headers: xff("203.0.113.8")).status == .ok)
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi"), headers: xff("203.0.113.7")).status == .tooManyRequests)
            let malformed = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi"), headers: xff("203.0.113.7, nonsense"))
            #expect(malformed.status == .badRequest)
            #expect(malformed.text.contains("X-Forwarded-For"))
        }
        var query = AuditQuery()
        query.action = "chat.completions"
        let records = try await query.run(try fixture.tasks().pool)
        #expect(records.map(\.clientIP) == ["203.0.113.7", "203.0.113.8"])
    }
}
