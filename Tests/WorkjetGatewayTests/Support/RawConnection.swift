import NIOCore
import NIOPosix
import Synchronization

/// A plain TCP connection for tests that need the bytes of HTTP/1.1 itself: pipelining, half-close, malformed
/// requests, HTTP/1.0, and whether the server closed the connection.
final class RawConnection: Sendable {
    private let channel: any Channel
    private let collector: Collector

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    /// Connects to `127.0.0.1:port`.
    static func connect(port: Int) async throws -> RawConnection {
        let box = Mutex<Collector?>(nil)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let collector = Collector()
                    box.withLock { $0 = collector }
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let collector = box.withLock { $0 }!
        return RawConnection(channel: channel, collector: collector)
    }

    /// Connects to `127.0.0.1:port`, sends `text` (then half-closes, with `halfClose`) and returns what came
    /// back until the server closed or `timeout` passed, and whether the server closed.
    static func exchange(
        port: Int, _ text: String, halfClose: Bool = false, timeout: Duration = .seconds(10)
    ) async throws -> (answer: String, closedByServer: Bool) {
        let connection = try await connect(port: port)
        try await connection.send(text, halfClose: halfClose)
        let answer = await connection.received(timeout: timeout)
        let closed = connection.closedByServer
        await connection.close()
        return (answer, closed)
    }

    /// Sends `text`; with `halfClose`, then shuts the connection's sending side.
    func send(_ text: String, halfClose: Bool = false) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
        if halfClose { try await channel.close(mode: .output) }
    }

    /// What arrived, once `done` says it is complete, the server closed, or `timeout` passed.
    func received(timeout: Duration = .seconds(10), until done: (String) -> Bool = { _ in false }) async -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (text, closed) = collector.state.withLock { (String(decoding: $0.received, as: UTF8.self), $0.closed) }
            if done(text) || closed || ContinuousClock.now >= deadline { return text }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Whether the server closed the connection.
    var closedByServer: Bool { collector.state.withLock { $0.closed } }

    func close() async { try? await channel.close() }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let state = Mutex<(received: [UInt8], closed: Bool)>(([], false))

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            state.withLock { $0.received += buffer.readableBytesView }
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? ChannelEvent, event == .inputClosed { state.withLock { $0.closed = true } }
            context.fireUserInboundEventTriggered(event)
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLock { $0.closed = true }
        }
    }
}
