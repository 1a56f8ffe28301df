import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// HTTP/1.1 connections served from SwiftNIO's channel pipeline straight into the router.
///
/// Hummingbird's own HTTP/1.1 channel wraps each connection in an `NIOAsyncChannel`: every request part
/// crosses an async sequence into the connection's task, the handler reads the body as another async sequence,
/// and the answer goes back through an async writer. Here the pipeline's last handler
/// (``DirectRequestHandler``) gathers each request (head and body, up to a limit) on the event loop, starts
/// one task per request on that loop (``EventLoopTaskExecutor``) to run the router, and writes the answer with
/// plain channel writes. Pipelined requests are answered in order, each after the answer before it has
/// ended; malformed requests get SwiftNIO's `400` and the connection is closed; a quiescing server (graceful
/// shutdown) closes idle connections and the others after their answer. A connection that sends nothing for
/// ``DirectHTTP1Configuration/idleTimeout`` while none of its requests is being answered is closed (a kept-alive
/// connection left idle, a request that stalls half-sent): without it, connections that never send a byte
/// held their descriptors for good, and about a thousand of them left a gateway with the common soft limit
/// of 1,024 descriptors unable to answer anyone.
struct DirectHTTP1Channel<Responder: HTTPResponder>: ServerChildChannel
where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    /// The connection: only its channel, whose close ends the connection's task.
    struct Value: ServerChildChannelValue {
        let channel: any Channel
    }

    /// The router (or any responder) that answers requests.
    let responder: Responder
    /// What the channel needs besides the responder.
    let configuration: DirectHTTP1Configuration

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            if let idleTimeout = configuration.idleTimeout {
                try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idleTimeout))
            }
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: true, withOutboundHeaderValidation: false)
            try channel.pipeline.syncOperations.addHandler(
                DirectRequestHandler(
                    responder: responder, configuration: configuration, executor: EventLoopTaskExecutor(channel.eventLoop),
                    logger: logger))
            return Value(channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        // The pipeline does the work; the connection's task only waits for the close, so that a graceful
        // shutdown waits for answers in flight.
        try? await value.channel.closeFuture.get()
    }
}

/// Settings of ``DirectHTTP1Channel``.
struct DirectHTTP1Configuration: Sendable {
    /// Request bodies are gathered until they pass this many bytes; what comes after is read and dropped, so a
    /// handler that collects the body with this limit answers `413` and the connection stays usable.
    var maxBodyBytes: Int
    /// The `Server` header of every answer, if any.
    var serverName: String?
    /// A connection that sends nothing for this long while none of its requests is being answered is closed;
    /// nil: never.
    var idleTimeout: TimeAmount? = nil
}

extension HTTPServerBuilder {
    /// HTTP/1.1 through ``DirectHTTP1Channel``, answering with `responder`.
    ///
    /// The responder Hummingbird's application hands the builder (which writes through `NIOAsyncChannel`) is
    /// not used: build the application with the same responder, so that both name the same routes.
    static func directHTTP1<Responder: HTTPResponder>(
        responder: Responder, configuration: DirectHTTP1Configuration
    ) -> HTTPServerBuilder where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        .init { _ in DirectHTTP1Channel(responder: responder, configuration: configuration) }
    }
}
