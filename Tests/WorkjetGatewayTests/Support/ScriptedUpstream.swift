import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A raw HTTP/1.1 server on a free loopback port for the upstream client's tests: it decodes each request and
/// answers with the bytes, pauses and closes that `script` gives for the request's number (0, 1, ...).
///
/// It counts accepted connections, requests, and connections that the client closed, so tests can tell reuse,
/// retries and cancellation apart.
final class ScriptedUpstream: Sendable {
    enum Step: Sendable {
        /// Writes these bytes.
        case send(String)
        /// Waits before the next step.
        case pause(TimeAmount)
        /// Closes the connection.
        case close
        /// Notes in ``lastStepReached`` that the script got here.
        case mark
        /// Waits until the test sets ``released`` (at most 60 s), so that what the client saw before can be
        /// checked without racing a timer.
        case waitForRelease
    }

    let accepted = Mutex(0)
    let requests = Mutex(0)
    /// Connections that went inactive without the script closing them.
    let closedByClient = Mutex(0)
    let lastStepReached = Mutex(false)
    /// Set by a test to let a script waiting at ``Step/waitForRelease`` go on.
    let released = Mutex(false)
    private let channel: any Channel
    let port: Int

    private init(channel: any Channel) {
        self.channel = channel
        port = channel.localAddress!.port!
    }

    static func start(
        tls: NIOSSLContext? = nil, script: @escaping @Sendable (Int) -> [Step]
    ) async throws -> ScriptedUpstream {
        let box = Mutex<ScriptedUpstream?>(nil)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let server = box.withLock { $0 }!
                    server.accepted.withLock { $0 += 1 }
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
                    try channel.pipeline.syncOperations.addHandler(Handler(server: server, script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = ScriptedUpstream(channel: channel)
        box.withLock { $0 = server }
        return server
    }

    func stop() async throws { try await channel.close() }

    /// Waits (up to 5 s) until `condition` holds.
    func eventually(_ condition: @Sendable (ScriptedUpstream) -> Bool) async throws -> Bool {
        for _ in 0..<500 {
            if condition(self) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition(self)
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = ByteBuffer

        let server: ScriptedUpstream
        let script: @Sendable (Int) -> [Step]
        var scriptClosed = false

        init(server: ScriptedUpstream, script: @escaping @Sendable (Int) -> [Step]) {
            self.server = server
            self.script = script
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            let number = server.requests.withLock { count in
                defer { count += 1 }
                return count
            }
            run(script(number)[...], context: context)
        }

        func run(_ steps: ArraySlice<Step>, context: ChannelHandlerContext) {
            guard let step = steps.first, context.channel.isActive else { return }
            let rest = steps.dropFirst()
            switch step {
            case .send(let text):
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
                run(rest, context: context)
            case .pause(let time):
                context.eventLoop.assumeIsolated().scheduleTask(in: time) { self.run(rest, context: context) }
            case .close:
                scriptClosed = true
                context.close(promise: nil)
            case .mark:
                server.lastStepReached.withLock { $0 = true }
                run(rest, context: context)
            case .waitForRelease:
                waitForRelease(then: rest, context: context, deadline: .now() + .seconds(60))
            }
        }

        func waitForRelease(then rest: ArraySlice<Step>, context: ChannelHandlerContext, deadline: NIODeadline) {
            if server.released.withLock({ $0 }) || deadline < .now() {
                run(rest, context: context)
                return
            }
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(5)) {
                self.waitForRelease(then: rest, context: context, deadline: deadline)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            if !scriptClosed { server.closedByClient.withLock { $0 += 1 } }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}

extension ScriptedUpstream.Step {
    /// A complete answer with a content-length body.
    static func answer(_ body: String, headers: String = "") -> Self {
        .send("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\(headers)content-length: \(body.utf8.count)\r\n\r\n\(body)")
    }

    /// One chunk of a chunked body.
    static func chunk(_ text: String) -> Self {
        .send(String(text.utf8.count, radix: 16) + "\r\n" + text + "\r\n")
    }

    /// The head of a chunked event stream.
    static let streamHead = Self.send("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
    /// The last chunk of a chunked body.
    static let lastChunk = Self.send("0\r\n\r\n")
}
