import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import Testing
@testable import WorkjetGateway

/// The gateway's HTTP/1.1 server (``DirectHTTP1Channel``, ``DirectRequestHandler``) and the executor its
/// requests run on (``EventLoopTaskExecutor``).
@Suite struct DirectHTTP1ChannelTests {
    @Test func aTaskPreferringTheExecutorRunsOnItsLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let onLoop = await withTaskExecutorPreference(EventLoopTaskExecutor(loop)) { () async -> Bool in
            // After a suspension too: the job that resumes the task is enqueued on the loop again.
            try? await Task.sleep(for: .milliseconds(1))
            return loop.inEventLoop
        }
        #expect(onLoop)
        try await group.shutdownGracefully()
    }

    @Test func longWorkRunsOffTheLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let (before, during) = try await withTaskExecutorPreference(EventLoopTaskExecutor(loop)) { () async throws -> (Bool, Bool) in
            let before = loop.inEventLoop
            let during = try await EventLoopTaskExecutor.runOffLoop { MultiThreadedEventLoopGroup.currentEventLoop == nil }
            return (before, during)
        }
        #expect(before)
        #expect(during)
        try await group.shutdownGracefully()
    }

    @Test func datesAreIMFFixdates() {
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")  // RFC 9110's example
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(1_798_761_599) == "Thu, 31 Dec 2026 23:59:59 GMT")
        #expect(HTTPDate.format(1_709_208_005) == "Thu, 29 Feb 2024 12:00:05 GMT")
    }

    /// Largest body the test routes accept.
    static let maxBody = 1000

    static func router() -> Router<ChannelContext> {
        let router = Router(context: ChannelContext.self)
        // Where the handler ran: on the loop of the connection, on another loop, or off the loops.
        router.get("where") { _, context -> String in
            guard let current = MultiThreadedEventLoopGroup.currentEventLoop else { return "pool" }
            return current === context.channel.eventLoop ? "connection-loop" : "other-loop"
        }
        router.post("echo") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: maxBody)
            return Response(status: .ok, body: .init(byteBuffer: body))
        }
        // A body of unknown length, written in parts with pauses between them.
        router.get("stream") { _, _ -> Response in
            Response(status: .ok, body: .init { writer in
                for part in 0..<3 {
                    try await writer.write(ByteBuffer(string: "part \(part)\n"))
                    try await Task.sleep(for: .milliseconds(10))
                }
                try await writer.finish(nil)
            })
        }
        // A body that fails after its first part.
        router.get("broken") { _, _ -> Response in
            Response(status: .ok, body: .init { writer in
                try await writer.write(ByteBuffer(string: "first part\n"))
                throw CancellationError()
            })
        }
        router.get("fail") { _, _ -> Response in throw CancellationError() }
        router.get("slow") { _, _ -> String in
            try await Task.sleep(for: .milliseconds(300))
            return "slow done"
        }
        // Longer than the idle timeout of the tests that set one: the client sends nothing meanwhile.
        router.get("slower") { _, _ -> String in
            try await Task.sleep(for: .seconds(1))
            return "slower done"
        }
        return router
    }

    static func application(
        idleTimeout: TimeAmount? = nil, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let responder = router().buildResponder()
        return Application(
            responder: responder,
            server: .directHTTP1(
                responder: responder, configuration: .init(maxBodyBytes: maxBody, serverName: "workjet", idleTimeout: idleTimeout)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: onServerRunning, logger: Logger(label: "test"))
    }

    /// A request context that keeps the connection's channel.
    struct ChannelContext: RequestContext {
        var coreContext: CoreRequestContextStorage
        let channel: any Channel
        init(source: ApplicationRequestContextSource) {
            coreContext = .init(source: source)
            channel = source.channel
        }
    }

    @Test func handlersRunOnTheConnectionsLoopAndConnectionsAreKeptAlive() async throws {
        try await Self.application().test(.live) { client in
            for _ in 0..<3 {  // several requests on one kept-alive connection
                try await client.execute(uri: "/where", method: .get) { response in
                    #expect(String(buffer: response.body) == "connection-loop")
                    #expect(response.headers[.server] == "workjet")
                    #expect(response.headers[.date]?.hasSuffix(" GMT") == true)
                }
            }
            let body = String(repeating: "x", count: Self.maxBody)
            try await client.execute(uri: "/echo", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == body)
            }
        }
    }

    @Test func aBodyOverTheLimitIs413AndTheConnectionStaysUsable() async throws {
        try await Self.application().test(.live) { client in
            let body = String(repeating: "y", count: 200_000)  // arrives in many reads; only the limit is kept
            try await client.execute(uri: "/echo", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/echo", method: .post, body: ByteBuffer(string: "after")) { response in
                #expect(String(buffer: response.body) == "after")
            }
        }
    }

    @Test func streamedBodiesAreChunkedAndFailuresAre500OrACutConnection() async throws {
        try await Self.application().test(.live) { client in
            try await client.execute(uri: "/stream", method: .get) { response in
                #expect(response.headers[.transferEncoding] == "chunked")
                #expect(String(buffer: response.body) == "part 0\npart 1\npart 2\n")
            }
            try await client.execute(uri: "/fail", method: .get) { response in
                #expect(response.status == .internalServerError)
            }
        }
        try await withPort { port in
            // Once the head is out, a failing body can only end the connection: the client must not take the
            // part it got for a complete answer.
            let (text, closed) = try await RawConnection.exchange(port: port, "GET /broken HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(text.contains("first part"))
            #expect(!text.hasSuffix("0\r\n\r\n"))
            #expect(closed)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withPort { port in
            let connection = try await RawConnection.connect(port: port)
            try await connection.send(
                "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nsecond")
            let text = await connection.received { $0.contains("second") }
            let slow = try #require(text.range(of: "slow done"))
            let second = try #require(text.range(of: "second"))
            #expect(slow.upperBound <= second.lowerBound)
            #expect(!connection.closedByServer)
            await connection.close()
        }
    }

    /// More pipelined parts than the handler queues (``DirectRequestHandler/maxQueuedParts``): reads stop until
    /// answers drain the queue, and every request is answered, in order, before the half-close ends it.
    @Test func aFloodOfPipelinedRequestsIsAnsweredInOrderThenClosed() async throws {
        try await withPort { port in
            let count = 600  // head, body and end each: 1,800 parts
            var requests = ""
            for number in 0..<count {
                let body = "request \(number);"
                requests += "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            }
            let (text, closed) = try await RawConnection.exchange(port: port, requests, halfClose: true, timeout: .seconds(30))
            #expect(closed)
            var position = text.startIndex
            for number in 0..<count {
                guard let found = text.range(of: "request \(number);", range: position..<text.endIndex) else {
                    Issue.record("answer \(number) missing or out of order")
                    return
                }
                position = found.upperBound
            }
            #expect(text.components(separatedBy: "HTTP/1.1 200").count - 1 == count)
        }
    }

    @Test func closeHTTP10AndHalfCloseEndTheConnectionAfterTheAnswer() async throws {
        try await withPort { port in
            let close = try await RawConnection.exchange(port: port, "GET /where HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(close.answer.hasPrefix("HTTP/1.1 200"))
            #expect(close.answer.lowercased().contains("connection: close"))
            #expect(close.answer.hasSuffix("connection-loop"))
            #expect(close.closedByServer)

            let old = try await RawConnection.exchange(port: port, "GET /where HTTP/1.0\r\n\r\n")
            #expect(old.answer.hasPrefix("HTTP/1.0 200"))
            #expect(old.closedByServer)

            // The client stops sending right after its request: the answer still comes, then the close.
            let half = try await RawConnection.exchange(port: port, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n", halfClose: true)
            #expect(half.answer.hasPrefix("HTTP/1.1 200"))
            #expect(half.answer.hasSuffix("slow done"))
            #expect(half.closedByServer)
        }
    }

    @Test func malformedRequestsGet400AndAClose() async throws {
        try await withPort { port in
            let (text, closed) = try await RawConnection.exchange(port: port, "NOT HTTP AT ALL\r\n\r\n")
            #expect(text.hasPrefix("HTTP/1.1 400"))
            #expect(closed)
        }
    }

    @Test func gracefulShutdownWaitsForTheAnswerInFlight() async throws {
        let port = Promise<Int>()
        let app = Self.application { channel in port.complete(channel.localAddress!.port!) }
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let connection = try await RawConnection.connect(port: await port.value())
            try await connection.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
            try await Task.sleep(for: .milliseconds(50))
            await group.triggerGracefulShutdown()
            let text = await connection.received()
            #expect(text.hasPrefix("HTTP/1.1 200"))
            #expect(text.hasSuffix("slow done"))
            #expect(connection.closedByServer)
            try await tasks.waitForAll()
        }
    }

    /// A connection that sends nothing while none of its requests is being answered is closed after the idle
    /// timeout: one that never sent a byte, one kept alive after its answer, one whose request stalled
    /// half-sent. One that waits for a slow answer is not.
    @Test func connectionsThatSendNothingAreClosedAfterTheIdleTimeout() async throws {
        try await withPort(idleTimeout: .milliseconds(400)) { port in
            let silent = try await RawConnection.connect(port: port)
            let nothing = await silent.received(timeout: .seconds(10))
            #expect(nothing.isEmpty && silent.closedByServer)
            await silent.close()

            let stalled = try await RawConnection.connect(port: port)
            try await stalled.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part of it")
            let none = await stalled.received(timeout: .seconds(10))
            #expect(none.isEmpty && stalled.closedByServer)
            await stalled.close()

            // A request sent right after connecting, then nothing: answered, then closed. (On a loaded machine
            // the request itself can come later than the timeout, and the server rightly closes first: that
            // attempt shows nothing and is made again.)
            for path in ["/where", "/slower"] {
                var answer = ""
                var closed = false
                for _ in 0..<5 where answer.isEmpty {
                    (answer, closed) = try await RawConnection.exchange(port: port, "GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
                }
                #expect(answer.hasPrefix("HTTP/1.1 200"), "\(path): \(answer)")
                #expect(answer.hasSuffix(path == "/where" ? "connection-loop" : "slower done"), "\(path): \(answer)")
                #expect(closed, "\(path)")
            }
        }
    }

    /// Without an idle timeout a silent connection stays open (what the timeout changes).
    @Test func withoutAnIdleTimeoutASilentConnectionStaysOpen() async throws {
        try await withPort { port in
            let silent = try await RawConnection.connect(port: port)
            _ = await silent.received(timeout: .milliseconds(500))
            #expect(!silent.closedByServer)
            try await silent.send("GET /where HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await silent.received(timeout: .seconds(10)) { $0.hasSuffix("connection-loop") }.hasPrefix("HTTP/1.1 200"))
            await silent.close()
        }
    }

    /// Runs `body` with the port of a live test application.
    private func withPort(idleTimeout: TimeAmount? = nil, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await Self.application(idleTimeout: idleTimeout).test(.live) { client in try await body(try #require(client.port)) }
    }

    /// A value set once and awaited.
    final class Promise<Value: Sendable>: Sendable {
        private let value = Mutex<Value?>(nil)
        func complete(_ newValue: Value) { value.withLock { $0 = newValue } }
        func value() async -> Value {
            while true {
                if let current = value.withLock({ $0 }) { return current }
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
    }
}
