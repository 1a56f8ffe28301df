import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// The last handler of a ``DirectHTTP1Channel`` pipeline: gathers each request, answers it through the
/// responder on a task that runs on the connection's event loop, and writes the answer.
///
/// Runs on the connection's event loop only. Requests are answered one at a time, in order: parts of
/// pipelined requests that arrive while an answer is in flight wait in a queue, and only when that queue
/// grows past a bound does the handler stop asking the channel for reads. (SwiftNIO's
/// `HTTPServerPipelineHandler` would do the ordering too, but it withholds the channel's reads during every
/// answer: two `epoll_ctl` calls per request on a kept-alive connection.)
final class DirectRequestHandler<Responder: HTTPResponder>: ChannelDuplexHandler
where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: Responder
    private let configuration: DirectHTTP1Configuration
    private let executor: EventLoopTaskExecutor
    private let logger: Logger
    /// Kept while the handler is in the pipeline, for the writes of answers, which come from tasks.
    private var context: ChannelHandlerContext?

    /// The request being read.
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?

    /// Parts of pipelined requests that arrived during an answer, and the bytes of their bodies.
    private var queued = CircularBuffer<HTTPServerRequestPart>()
    private var queuedBytes = 0
    /// The channel asked for a read while the queue was full; it is passed on once answers drain the queue.
    private var readPending = false
    /// The client half-closed: answer what it sent, then close.
    private var inputClosed = false
    /// The server is shutting down: answer the request being read or answered, then close.
    private var quiescing = false

    /// Whether an answer is being produced or written (from the request's end to the answer's end).
    private var answering = false
    /// Which request's answer that is, so that a task that is late to end its answer cannot write into the
    /// next one.
    private var answerNumber: UInt64 = 0
    private var headWritten = false
    /// The request's HTTP version, which the answer repeats.
    private var version = HTTPVersion.http1_1
    /// Whether the connection stays open after this answer (the request's keep-alive, and no quiescing).
    private var keepAlive = true
    private var date = HTTPDate()

    init(responder: Responder, configuration: DirectHTTP1Configuration, executor: EventLoopTaskExecutor, logger: Logger) {
        self.responder = responder
        self.configuration = configuration
        self.executor = executor
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if answering || !queued.isEmpty {
            queued.append(part)
            if case .body(let buffer) = part { queuedBytes += buffer.readableBytes }
            return
        }
        process(part, context: context)
    }

    /// Parts queued beyond this many (or beyond a body's limit in bytes) withhold reads until answers drain them.
    static var maxQueuedParts: Int { 1024 }

    private var queueIsFull: Bool { queuedBytes > configuration.maxBodyBytes || queued.count > Self.maxQueuedParts }

    private func process(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head(let head):
            self.head = head
            body = nil
        case .body(var buffer):
            if body == nil {
                body = buffer
            } else if body!.readableBytes <= configuration.maxBodyBytes {
                body!.writeBuffer(&buffer)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let body = self.body ?? ByteBuffer()
            self.body = nil
            answer(head, body: body, context: context)
        }
    }

    /// After an answer's end: takes the queued requests up again, and closes when nothing more will come.
    private func answered(context: ChannelHandlerContext) {
        while !answering, let part = queued.popFirst() {
            if case .body(let buffer) = part { queuedBytes -= buffer.readableBytes }
            process(part, context: context)
        }
        if readPending, !queueIsFull {
            readPending = false
            context.read()
        }
        if !answering, queued.isEmpty, inputClosed || (quiescing && head == nil) { context.close(promise: nil) }
    }

    func read(context: ChannelHandlerContext) {
        if queueIsFull { readPending = true } else { context.read() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            // The client will send nothing more: finish the answers it asked for, then close.
            inputClosed = true
            if !answering, queued.isEmpty { context.close(promise: nil) }
            return
        }
        if let event = event as? IdleStateHandler.IdleStateEvent, event == .read {
            // Nothing read for the idle timeout: close, unless an answer is under way (a long upstream call
            // or stream, during which the client has nothing to send).
            if !answering { context.close(promise: nil) }
            return
        }
        if event is ChannelShouldQuiesceEvent {
            // Graceful shutdown: idle connections close now, the others after their answer (pipelined
            // requests behind it are not answered).
            quiescing = true
            if answering {
                keepAlive = false
            } else if head == nil {
                context.close(promise: nil)
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Malformed requests were answered (400) by SwiftNIO's error handler before this one.
        logger.trace("closing a connection after an error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    /// Starts the task that answers a complete request.
    private func answer(_ head: HTTPRequestHead, body: ByteBuffer, context: ChannelHandlerContext) {
        answering = true
        answerNumber &+= 1
        headWritten = false
        version = head.version
        keepAlive = head.isKeepAlive && !quiescing
        let request: Request
        do {
            request = Request(head: try HTTPRequest(head, secure: false, splitCookie: false), body: RequestBody(buffer: body))
        } catch {
            // A request HTTPTypes cannot represent (a method it rejects, no path).
            keepAlive = false
            _ = send(
                HTTPResponse(status: .badRequest, headerFields: [.contentLength: "0"]), body: nil, end: true, flush: true,
                answer: answerNumber)
            return
        }
        let exchange = Exchange(
            responder: responder, channel: context.channel,
            handler: Bound(
                handler: NIOLoopBound(self, eventLoop: context.eventLoop), eventLoop: context.eventLoop, answer: answerNumber),
            logger: logger, serverName: configuration.serverName)
        Task(executorPreference: executor) { await exchange.serve(request) }
    }

    /// What a request's task needs: all of it `Sendable`, the handler behind its loop.
    fileprivate struct Exchange: Sendable {
        let responder: Responder
        let channel: any Channel
        let handler: Bound
        let logger: Logger
        let serverName: String?

        /// Runs the responder and writes its answer (on the connection's loop, the task's executor).
        func serve(_ request: Request) async {
            var logger = logger
            logger[metadataKey: "hb.request.id"] = .stringConvertible(RequestID())
            let context = Responder.Context(source: .init(channel: channel, logger: logger))
            var response: Response
            do {
                response = try await responder.respond(to: request, context: context)
            } catch {
                logger.debug("unanswered error", metadata: ["error.type": "\(error)"])
                response = Response(status: .internalServerError)
            }
            if let serverName { response.headers[.server] = serverName }
            let head = response.head
            do {
                try await response.body.write(Writer(handler: handler, head: head, remaining: response.body.contentLength))
                await handler.run { $0.endIfOpen(head: head, answer: handler.answer) }
            } catch {
                await handler.run { $0.abort(answer: handler.answer) }
            }
        }
    }

    /// Writes parts of the answer; returns a future to wait for when the socket does not take more yet.
    fileprivate func send(
        _ head: HTTPResponse?, body: ByteBuffer?, end: Bool, trailers: HTTPFields? = nil, flush: Bool, answer: UInt64
    ) -> EventLoopFuture<Void>? {
        guard let context, answering, answer == answerNumber else {
            return executor.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
        }
        if let head {
            var nioHead = HTTPResponseHead(head)
            nioHead.version = version
            nioHead.headers.add(name: "Date", value: date.now())
            if !keepAlive {
                nioHead.headers.replaceOrAdd(name: "connection", value: "close")
            } else if version.major == 1, version.minor == 0 {
                nioHead.headers.replaceOrAdd(name: "connection", value: "keep-alive")
            }
            headWritten = true
            context.write(wrapOutboundOut(.head(nioHead)), promise: nil)
        }
        var wait: EventLoopFuture<Void>?
        if let body {
            if flush {
                let promise = context.eventLoop.makePromise(of: Void.self)
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(body))), promise: promise)
                if !context.channel.isWritable { wait = promise.futureResult }
            } else {
                context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            }
        }
        if end {
            answering = false
            let end = wrapOutboundOut(.end(trailers.map { HTTPHeaders($0) }))
            if keepAlive {
                context.writeAndFlush(end, promise: nil)
                answered(context: context)
            } else {
                let channel = context.channel
                context.writeAndFlush(end).whenComplete { _ in channel.close(promise: nil) }
            }
        } else if flush, body == nil {
            context.flush()
        }
        return wait
    }

    /// Ends an answer whose body did not call `finish` (when it did, `send` refuses the ended answer).
    fileprivate func endIfOpen(head: HTTPResponse, answer: UInt64) {
        _ = send(headWritten ? nil : head, body: nil, end: true, flush: true, answer: answer)
    }

    /// The responder or its body failed: a `500` if nothing was written yet, else the connection is closed
    /// (the client sees an answer cut short, not a complete one).
    fileprivate func abort(answer: UInt64) {
        guard answering, answer == answerNumber, let context else { return }
        if headWritten {
            answering = false
            context.close(promise: nil)
        } else {
            keepAlive = false
            _ = send(
                HTTPResponse(status: .internalServerError, headerFields: [.contentLength: "0"]), body: nil, end: true,
                flush: true, answer: answer)
        }
    }

    /// The handler, for the request's task: used on the loop only.
    fileprivate struct Bound: Sendable {
        let handler: NIOLoopBound<DirectRequestHandler>
        let eventLoop: any EventLoop
        /// The number of the answer this task writes.
        let answer: UInt64

        /// Runs `body` with the handler on its loop: at once when the task is there already (its executor is
        /// the loop), else through the loop's queue.
        func run<T: Sendable>(_ body: @escaping @Sendable (DirectRequestHandler) -> T) async -> T? {
            if eventLoop.inEventLoop { return body(handler.value) }
            let handler = self.handler
            return try? await eventLoop.submit { body(handler.value) }.get()
        }
    }

    /// Writes an answer's body through the handler.
    private struct Writer: ResponseBodyWriter {
        let handler: Bound
        /// The answer's head, until the first write sends it.
        var head: HTTPResponse?
        /// Bytes of the body still to come, when its length is known: the write that completes it is not
        /// flushed on its own, the end follows at once.
        var remaining: Int?

        mutating func write(_ buffer: ByteBuffer) async throws {
            let head = self.head
            self.head = nil
            if let remaining { self.remaining = remaining - buffer.readableBytes }
            let flush = self.remaining != 0
            let answer = handler.answer
            let wait = await handler.run { $0.send(head, body: buffer, end: false, flush: flush, answer: answer) }
            if let wait = wait ?? nil { try await wait.get() }
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
            let head = self.head
            let answer = handler.answer
            _ = await handler.run { $0.send(head, body: nil, end: true, trailers: trailingHeaders, flush: true, answer: answer) }
        }
    }
}
