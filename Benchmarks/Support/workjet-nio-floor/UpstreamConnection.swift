import NIOCore
import NIOHTTP1

/// The upstream's answer to one request, body collected in full.
struct UpstreamAnswer {
    var status: HTTPResponseStatus
    var contentType: String?
    var body: ByteBuffer
}

/// Why a forwarded request got no answer.
enum UpstreamFailure: Error {
    case connectFailed(any Error)
    /// The connection closed before any byte of an answer: the request may be sent again.
    case closedBeforeAnswer
    /// The connection closed partway through an answer.
    case closedDuringAnswer
}

/// One keep-alive HTTP/1.1 connection to the upstream, carrying one request at a time.
///
/// The last handler of its channel, after NIO's HTTP client encoder and decoder. It and its callers
/// run on the channel's event loop; the callback of `send` is called there, exactly once.
final class UpstreamConnection: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let upstream: Upstream
    private var context: ChannelHandlerContext?
    private var waiter: ((Result<UpstreamAnswer, UpstreamFailure>) -> Void)?
    private var answerHead: HTTPResponseHead?
    private var answerBody: ByteBuffer?
    /// False once the upstream answered with `connection: close` (or HTTP/1.0 without keep-alive).
    private var keepAlive = true

    init(upstream: Upstream) {
        self.upstream = upstream
    }

    /// Open, not waiting for an answer, and not about to be closed by the upstream.
    var isReusable: Bool {
        keepAlive && waiter == nil && context?.channel.isActive == true
    }

    /// Sends a POST of `body` to the upstream's path and calls `then` with the answer or the failure.
    func send(_ body: ByteBuffer, then: @escaping (Result<UpstreamAnswer, UpstreamFailure>) -> Void) {
        precondition(waiter == nil, "an upstream connection carries one request at a time")
        guard let context, context.channel.isActive else {
            then(.failure(.closedBeforeAnswer))
            return
        }
        waiter = then
        answerHead = nil
        answerBody = nil
        var headers = upstream.headers
        headers.add(name: "content-length", value: String(body.readableBytes))
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: upstream.path, headers: headers)
        // A failed write closes the channel, and channelInactive reports it to the waiter.
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func close() {
        context?.close(promise: nil)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            answerHead = head
            keepAlive = head.isKeepAlive
        case .body(let part):
            // As on the server side: an answer read in one piece stays a slice of the read buffer.
            if answerBody == nil {
                answerBody = part
            } else {
                answerBody!.writeImmutableBuffer(part)
            }
        case .end:
            guard let waiter, let head = answerHead else { return }
            self.waiter = nil
            let answer = UpstreamAnswer(
                status: head.status, contentType: head.headers.first(name: "content-type"),
                body: answerBody ?? context.channel.allocator.buffer(capacity: 0))
            answerHead = nil
            answerBody = nil
            waiter(.success(answer))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        keepAlive = false
        if let waiter {
            self.waiter = nil
            waiter(.failure(answerHead == nil ? .closedBeforeAnswer : .closedDuringAnswer))
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // The connection is not trusted after an error; channelInactive tells the waiter.
        context.close(promise: nil)
    }
}
