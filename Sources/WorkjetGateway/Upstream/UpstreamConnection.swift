import NIOCore
import NIOHTTP1
import NIOSSL

/// One keep-alive HTTP/1.1 connection to an upstream, carrying one exchange at a time.
///
/// The last handler of its channel, after NIO's HTTP client encoder and decoder (and NIOSSL's handler for
/// `https`). It runs on the channel's event loop, like the pool and the exchanges it serves. It holds back
/// the channel's reads while a stream's reader is behind.
final class UpstreamConnection: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    let key: UpstreamEndpoint.Key
    private let maxBodyBytes: Int
    private var context: ChannelHandlerContext?
    private var exchange: UpstreamExchange?
    /// Whether the exchange came to this connection from the pool (a dead one may be retried).
    private var reused = false
    /// Whether the request has been written to the socket: from then on it is never sent again.
    private var written = false
    private var answerHead: HTTPResponseHead?
    private var answerBody: ByteBuffer?
    /// False once the upstream answered with `connection: close` or HTTP/1.0 without keep-alive.
    private var keepAlive = true
    /// The reason the connection failed, reported to the exchange when the channel goes inactive.
    private var failure: UpstreamClientError?
    /// Set while a stream's reader asks for a pause; a `read` arriving meanwhile is held back.
    private var pauseReads = false
    private var heldRead = false
    /// When the connection went back to the pool.
    var idleSince = NIODeadline.now()

    init(key: UpstreamEndpoint.Key, maxBodyBytes: Int) {
        self.key = key
        self.maxBodyBytes = maxBodyBytes
    }

    /// The connection's channel while it is in its pipeline (for tests).
    var channel: (any Channel)? { context?.channel }

    /// Open, serving nothing, and not about to be closed by the upstream.
    var isReusable: Bool { keepAlive && exchange == nil && context?.channel.isActive == true }

    /// Writes `exchange`'s request and reports the answer to it.
    func send(_ exchange: UpstreamExchange, reused: Bool) {
        self.exchange = exchange
        self.reused = reused
        written = false
        answerHead = nil
        answerBody = nil
        failure = nil
        exchange.connection = self
        guard let context, context.channel.isActive else {
            self.exchange = nil
            exchange.connectionFailed(.closed, retryable: reused)
            return
        }
        let request = exchange.request
        let done = context.eventLoop.makePromise(of: Void.self)
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if request.body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        // Succeeds as the bytes reach the socket, before any answer can be read. A failed write (the upstream
        // closed the pooled connection meanwhile) closes the channel, and channelInactive retries or fails.
        done.futureResult.assumeIsolated().whenComplete { [self] result in
            guard self.exchange === exchange else { return }
            switch result {
            case .success: written = true
            case .failure: abort()
            }
        }
    }

    /// Closes the connection (an exchange it serves is told through `channelInactive`).
    func abort() {
        keepAlive = false
        context?.close(promise: nil)
    }

    /// Resumes reading for a stream whose reader caught up.
    func resumeReading(for exchange: UpstreamExchange) {
        guard self.exchange === exchange, pauseReads else { return }
        pauseReads = false
        if heldRead, let context {
            heldRead = false
            context.read()
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func read(context: ChannelHandlerContext) {
        if pauseReads {
            heldRead = true
        } else {
            context.read()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let exchange else {
            // Bytes on an idle connection: nothing was asked, so it cannot be trusted any more.
            abort()
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let head):
            answerHead = head
            keepAlive = head.isKeepAlive
            if exchange.request.stream, (200..<300).contains(head.status.code) { exchange.startStream(head) }
        case .body(let part):
            if exchange.isStreaming {
                if !exchange.yield(part) { pauseReads = true }
            } else if answerBody == nil {
                // As on the server side: a body read in one piece stays a slice of the read buffer.
                answerBody = part
            } else if answerBody!.readableBytes + part.readableBytes > maxBodyBytes {
                failure = UpstreamClientError(.bodyTooLarge, "the upstream's answer is larger than \(maxBodyBytes) bytes")
                abort()
            } else {
                var part = part
                answerBody!.writeBuffer(&part)
            }
        case .end:
            self.exchange = nil
            exchange.connection = nil
            pauseReads = false
            if exchange.isStreaming {
                exchange.finishStream()
            } else if let head = answerHead {
                exchange.answer(head, body: answerBody ?? context.channel.allocator.buffer(capacity: 0))
            }
            answerHead = nil
            answerBody = nil
            if heldRead {
                heldRead = false
                context.read()
            }
            exchange.pool.release(self)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        keepAlive = false
        if let exchange {
            self.exchange = nil
            let retryable = reused && !written && answerHead == nil
            exchange.connectionFailed(failure ?? .closed, retryable: retryable)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if failure == nil { failure = Self.describe(error) }
        // Not trusted after an error; channelInactive tells the exchange.
        abort()
    }

    /// An error as the exchange reports it: no address or host in the message.
    static func describe(_ error: any Error) -> UpstreamClientError {
        switch error {
        case is HTTPParserError:
            UpstreamClientError(.invalidResponse, "the upstream's answer is not valid HTTP/1.1")
        case NIOSSLError.uncleanShutdown:
            .closed
        case is NIOSSLError, is BoringSSLError:
            UpstreamClientError(.connectFailed, "the TLS handshake with the upstream failed")
        default:
            .closed
        }
    }
}
