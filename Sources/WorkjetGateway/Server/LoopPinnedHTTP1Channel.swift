import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel, with each connection's task running on the connection's event loop.
///
/// By default a connection's task runs on Swift concurrency's global pool: every request crosses from the
/// event loop to a pool thread and its answer crosses back, and the upstream call does the same. Preferring the
/// connection's loop as the task's executor keeps a request on one thread from the socket read to the socket
/// write, except where it waits for the audit writer.
struct LoopPinnedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    /// The channel doing the work.
    let base: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        let executor = EventLoopTaskExecutor(value.channel.eventLoop)
        await withTaskExecutorPreference(executor) {
            await base.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with each connection's task on the connection's event loop (``LoopPinnedHTTP1Channel``).
    static func loopPinnedHTTP1(configuration: HTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        .init { responder in LoopPinnedHTTP1Channel(base: HTTP1Channel(responder: responder, configuration: configuration)) }
    }
}
