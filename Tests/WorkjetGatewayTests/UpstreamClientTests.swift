import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Testing
@testable import WorkjetGateway

/// The upstream client against a scripted raw HTTP/1.1 server on a free loopback port.
@Suite struct UpstreamClientTests {
    /// A client on a one-loop group of its own, so that every request meets the same pool.
    static func withClient(
        extraCAFile: String? = nil, _ body: (UpstreamClient, MultiThreadedEventLoopGroup) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var configuration = UpstreamClient.Configuration()
        configuration.extraCAFile = extraCAFile
        let client = try UpstreamClient(configuration: configuration, group: group)
        do { try await body(client, group) } catch {
            await client.shutdown()
            try await group.shutdownGracefully()
            throw error
        }
        await client.shutdown()
        try await group.shutdownGracefully()
    }

    /// Posts a small body. The default timeout is long: the tests that are not about timeouts must not fail
    /// when a loaded machine (CI compiling, other test suites) holds a process back for seconds.
    static func post(
        _ client: UpstreamClient, _ server: ScriptedUpstream, stream: Bool = false, timeout: TimeAmount = .seconds(60),
        tls: Bool = false, host: String = "127.0.0.1"
    ) async throws -> UpstreamClient.Response {
        try await client.execute(
            endpoint: UpstreamEndpoint(tls: tls, host: host, port: server.port, path: "/v1/chat/completions"),
            headers: ["content-type": "application/json"], body: ByteBuffer(string: #"{"model":"m"}"#), stream: stream,
            timeout: timeout)
    }

    /// Posts and reads the whole answer.
    static func postText(
        _ client: UpstreamClient, _ server: ScriptedUpstream, stream: Bool = false, tls: Bool = false, host: String = "127.0.0.1"
    ) async throws -> String {
        try await text(post(client, server, stream: stream, tls: tls, host: host))
    }

    static func text(_ response: UpstreamClient.Response) async throws -> String {
        switch response.body {
        case .full(let buffer): return String(buffer: buffer)
        case .stream(let body):
            var text = ""
            for try await chunk in body { text += String(buffer: chunk) }
            return text
        }
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let server = try await ScriptedUpstream.start { n in [.answer("reply \(n)")] }
        try await Self.withClient { (client, _) async throws in
            for n in 0..<3 {
                let response = try await Self.post(client, server)
                #expect(response.status == .ok)
                #expect(try await Self.text(response) == "reply \(n)")
            }
        }
        #expect(server.accepted.withLock { $0 } == 1)
        #expect(server.requests.withLock { $0 } == 3)
        try await server.stop()
    }

    @Test func chunkedAndCloseDelimitedBodiesAreRead() async throws {
        let server = try await ScriptedUpstream.start { n in
            n == 0
                ? [.streamHead, .chunk("hello "), .chunk("chunked"), .lastChunk]
                : [.send("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil "), .send("the end"), .close]
        }
        try await Self.withClient { (client, _) async throws in
            #expect(try await Self.postText(client, server) == "hello chunked")
            #expect(try await Self.postText(client, server) == "until the end")
            // The close-delimited answer's connection is gone: a third request needs a new one.
            _ = try? await Self.post(client, server, timeout: .milliseconds(200))
        }
        #expect(server.accepted.withLock { $0 } == 2)
        try await server.stop()
    }

    @Test func connectionCloseAnswersAreNotReused() async throws {
        // The server keeps the connection open: only the header tells the client not to reuse it.
        let server = try await ScriptedUpstream.start { _ in [.answer("bye", headers: "connection: close\r\n")] }
        try await Self.withClient { (client, _) async throws in
            #expect(try await Self.postText(client, server) == "bye")
            #expect(try await Self.postText(client, server) == "bye")
        }
        #expect(server.accepted.withLock { $0 } == 2)
        try await server.stop()
    }

    @Test func aPooledConnectionTheServerClosedIsReplaced() async throws {
        let server = try await ScriptedUpstream.start { n in [.answer("reply \(n)"), .pause(.milliseconds(20)), .close] }
        try await Self.withClient { (client, group) async throws in
            #expect(try await Self.postText(client, server) == "reply 0")
            // Until the client has seen the server's close (a fixed sleep could be too short on a loaded machine).
            let loop = group.next()
            let key = UpstreamEndpoint(tls: false, host: "127.0.0.1", port: server.port, path: "/").key
            let box = try #require(client.pools[ObjectIdentifier(loop)])
            var noticed = false
            for _ in 0..<3000 where !noticed {
                noticed = try await loop.submit { box.value?.idleConnections(to: key).allSatisfy { !$0.isReusable } ?? true }.get()
                if !noticed { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(noticed)
            #expect(try await Self.postText(client, server) == "reply 1")
        }
        #expect(server.accepted.withLock { $0 } == 2)
        try await server.stop()
    }

    /// The keep-alive race: the pooled connection cannot take the request (here its output is shut, so the
    /// write fails at once) and the request goes once more on a fresh connection; it was never sent twice.
    @Test func aRequestThatCouldNotBeWrittenIsRetriedOnce() async throws {
        let server = try await ScriptedUpstream.start { n in [.answer("reply \(n)")] }
        try await Self.withClient { (client, group) async throws in
            #expect(try await Self.postText(client, server) == "reply 0")
            let loop = group.next()
            let key = UpstreamEndpoint(tls: false, host: "127.0.0.1", port: server.port, path: "/").key
            let box = try #require(client.pools[ObjectIdentifier(loop)])
            // In one loop task: shut the idle connection's output, then start the next request on it.
            let request = UpstreamExchange.Request(
                endpoint: UpstreamEndpoint(tls: false, host: "127.0.0.1", port: server.port, path: "/"),
                head: .init(version: .http1_1, method: .POST, uri: "/", headers: ["content-length": "0"]),
                body: ByteBuffer(), stream: false, timeout: .seconds(60))
            let promise = loop.makePromise(of: UpstreamClient.Response.self)
            // (Expectations are checked here: an issue recorded on the loop's thread would belong to no test.)
            let idleBefore = try await loop.submit {
                guard let pool = box.value else { return -1 }
                let idle = pool.idleConnections(to: key)
                idle.first?.channel?.close(mode: .output, promise: nil)
                pool.start(UpstreamExchange(request: request, promise: promise, pool: pool))
                return idle.count
            }.get()
            #expect(idleBefore == 1)
            let response = try await promise.futureResult.get()
            #expect(try await Self.text(response) == "reply 1")
        }
        #expect(server.accepted.withLock { $0 } == 2)
        #expect(server.requests.withLock { $0 } == 2)
        try await server.stop()
    }

    @Test func refusedConnectionsAreUpstreamErrors() async throws {
        let server = try await ScriptedUpstream.start { _ in [] }
        try await server.stop()  // nothing listens on its port any more
        try await Self.withClient { (client, _) async throws in
            let error = try await #require(throws: UpstreamClientError.self) { try await Self.post(client, server) }
            #expect(error.code == .connectFailed)
            let mapped = HTTPProvider.map(error)
            #expect(mapped.code == .upstreamFailure)
            #expect(mapped.code.httpStatus == 502)
            #expect(!mapped.message.contains("127.0.0.1") && !mapped.message.contains(String(server.port)))
        }
    }

    @Test func aSlowUpstreamTimesOutAs504() async throws {
        // The server would answer after a minute; the 300 ms timeout must end the wait long before (the
        // bound is loose so that a loaded machine does not fail it).
        let server = try await ScriptedUpstream.start { _ in [.pause(.seconds(60)), .answer("late")] }
        try await Self.withClient { (client, _) async throws in
            let started = ContinuousClock.now
            let error = try await #require(throws: UpstreamClientError.self) {
                try await Self.post(client, server, timeout: .milliseconds(300))
            }
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(error.code == .timeout)
            #expect(HTTPProvider.map(error).code.httpStatus == 504)
        }
        try await server.stop()
    }

    @Test func aStreamIsRelayedAsItArrives() async throws {
        let server = try await ScriptedUpstream.start { _ in
            // The server holds the rest of the stream until the test has seen the first chunk (a timed pause
            // here failed on a loaded machine, where the first chunk took longer than the pause to arrive).
            [.streamHead, .chunk("data: first\n\n"), .waitForRelease, .mark, .chunk("data: last\n\n"), .lastChunk]
        }
        try await Self.withClient { (client, _) async throws in
            let response = try await Self.post(client, server, stream: true)
            guard case .stream(let body) = response.body else {
                Issue.record("a 2xx answer to a stream request is not a stream")
                return
            }
            var chunks = body.makeAsyncIterator()
            let first = try await chunks.next()
            #expect(first.map { String(buffer: $0) } == "data: first\n\n")
            #expect(!server.lastStepReached.withLock { $0 }, "the first chunk came only after the server sent the last")
            server.released.withLock { $0 = true }
            var rest = ""
            while let chunk = try await chunks.next() { rest += String(buffer: chunk) }
            #expect(rest == "data: last\n\n")
            // The stream ended cleanly, so its connection went back to the pool.
            #expect(try await Self.postText(client, server, stream: true).hasSuffix("data: last\n\n"))
        }
        #expect(server.accepted.withLock { $0 } == 1)
        try await server.stop()
    }

    @Test func aStreamLeftEarlyClosesTheUpstreamConnection() async throws {
        let drip = Array(repeating: [ScriptedUpstream.Step.pause(.milliseconds(20)), .chunk("data: drip\n\n")], count: 500).flatMap { $0 }
        let server = try await ScriptedUpstream.start { _ in [.streamHead] + drip + [.lastChunk] }
        try await Self.withClient { (client, _) async throws in
            let response = try await Self.post(client, server, stream: true)
            guard case .stream(let body) = response.body else {
                Issue.record("not a stream")
                return
            }
            for try await chunk in body {
                #expect(String(buffer: chunk).contains("drip"))
                break
            }
            #expect(try await server.eventually { $0.closedByClient.withLock { $0 } == 1 }, "the upstream connection was not closed")
        }
        try await server.stop()
    }

    @Test func errorStatusesOfStreamRequestsAreCollected() async throws {
        let server = try await ScriptedUpstream.start { _ in
            [.send("HTTP/1.1 429 Too Many Requests\r\ncontent-length: 9\r\nretry-after: 1\r\n\r\nslow down")]
        }
        try await Self.withClient { (client, _) async throws in
            let response = try await Self.post(client, server, stream: true)
            #expect(response.status == .tooManyRequests)
            guard case .full(let buffer) = response.body else {
                Issue.record("an error answer was streamed")
                return
            }
            #expect(String(buffer: buffer) == "slow down")
        }
        try await server.stop()
    }

    @Test func garbageIsAnUpstreamError() async throws {
        let server = try await ScriptedUpstream.start { _ in [.send("SSH-2.0-OpenSSH\r\n\r\n")] }
        try await Self.withClient { (client, _) async throws in
            let error = try await #require(throws: UpstreamClientError.self) { try await Self.post(client, server) }
            #expect(error.code == .invalidResponse)
            #expect(HTTPProvider.map(error).code == .upstreamFailure)
        }
        try await server.stop()
    }

    @Test func tlsWithTheConfiguredCAWorksAndAnUntrustedCertificateFails() async throws {
        let certificates = try TestCertificates.make()
        defer { try? FileManager.default.removeItem(atPath: certificates.directory) }
        let trusted = try await ScriptedUpstream.start(tls: certificates.serverContext(signedByCA: true)) { n in
            [.answer("secure \(n)")]
        }
        let untrusted = try await ScriptedUpstream.start(tls: certificates.serverContext(signedByCA: false)) { _ in
            [.answer("should not be read")]
        }
        try await Self.withClient(extraCAFile: certificates.caFile) { (client, _) async throws in
            #expect(try await Self.postText(client, trusted, tls: true, host: "localhost") == "secure 0")
            #expect(try await Self.postText(client, trusted, tls: true, host: "localhost") == "secure 1")
            let error = try await #require(throws: UpstreamClientError.self) {
                try await Self.post(client, untrusted, tls: true, host: "localhost")
            }
            #expect(error.code == .connectFailed)
            #expect(HTTPProvider.map(error).code == .upstreamFailure)
        }
        // Without the extra CA, the test CA's certificate is not trusted either.
        try await Self.withClient { (client, _) async throws in
            await #expect(throws: UpstreamClientError.self) { try await Self.post(client, trusted, tls: true, host: "localhost") }
        }
        #expect(trusted.accepted.withLock { $0 } == 2)
        #expect(trusted.requests.withLock { $0 } == 2)
        #expect(untrusted.requests.withLock { $0 } == 0)
        try await trusted.stop()
        try await untrusted.stop()
    }

    @Test func endpointsParseOnce() throws {
        let https = try #require(UpstreamEndpoint(url: "https://api.example.com/v1/messages?beta=1"))
        #expect(https.tls && https.port == 443 && https.path == "/v1/messages?beta=1" && https.hostHeader == "api.example.com")
        let http = try #require(UpstreamEndpoint(url: "http://127.0.0.1:8081/v1/chat/completions"))
        #expect(!http.tls && http.port == 8081 && http.hostHeader == "127.0.0.1:8081")
        #expect(UpstreamEndpoint(url: "http://[::1]:9/x")?.hostHeader == "[::1]:9")
        #expect(UpstreamEndpoint(url: "ftp://example.com/") == nil)
        #expect(UpstreamEndpoint(url: "not a url") == nil)
    }

    @Test func theExtraCAFileIsConfigurable() throws {
        var configuration = GatewayConfiguration()
        try configuration.apply(yaml: "upstream_ca_file: /etc/workjet/ca.pem\n")
        #expect(configuration.upstreamCAFile == "/etc/workjet/ca.pem")
        try configuration.apply(environment: ["WORKJET_UPSTREAM_CA_FILE": "/run/ca.pem"])
        #expect(configuration.upstreamCAFile == "/run/ca.pem")
        var client = UpstreamClient.Configuration()
        client.extraCAFile = "/nonexistent/ca.pem"
        #expect(throws: GatewayError.self) { try UpstreamClient(configuration: client) }
    }
}
