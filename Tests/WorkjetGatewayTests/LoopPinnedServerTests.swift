import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing
@testable import WorkjetGateway

/// Request handling on the connection's event loop (``LoopPinnedHTTP1Channel``, ``EventLoopTaskExecutor``).
@Suite struct LoopPinnedServerTests {
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

    /// A route that says where its handler ran: on the loop of the connection, on another loop, or off the loops.
    static func application(server: HTTPServerBuilder) -> some ApplicationProtocol {
        let router = Router(context: ChannelContext.self)
        router.get("where") { _, context -> String in
            guard let current = MultiThreadedEventLoopGroup.currentEventLoop else { return "pool" }
            return current === context.channel.eventLoop ? "connection-loop" : "other-loop"
        }
        router.post("echo") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            return Response(status: .ok, body: .init(byteBuffer: body))
        }
        return Application(router: router, server: server, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
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

    @Test func handlersRunOnTheConnectionsLoop() async throws {
        try await Self.application(server: .loopPinnedHTTP1()).test(.live) { client in
            for _ in 0..<3 {  // several requests on one kept-alive connection
                try await client.execute(uri: "/where", method: .get) { response in
                    #expect(String(buffer: response.body) == "connection-loop")
                }
            }
            let body = String(repeating: "x", count: 200_000)
            try await client.execute(uri: "/echo", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == body)
            }
        }
    }

    /// The control: Hummingbird's own HTTP/1.1 channel runs handlers on Swift concurrency's pool.
    @Test func plainHTTP1RunsHandlersOffTheLoops() async throws {
        try await Self.application(server: .http1()).test(.live) { client in
            try await client.execute(uri: "/where", method: .get) { response in
                #expect(String(buffer: response.body) == "pool")
            }
        }
    }
}
