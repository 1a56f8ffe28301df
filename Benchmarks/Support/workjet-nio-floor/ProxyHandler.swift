import NIOCore
import NIOHTTP1

/// The server side of one client connection: collects a request, forwards its body through the
/// loop's `UpstreamPool` and writes the upstream's answer back, keeping the connection open.
///
/// NIO's HTTP server pipeline (with its pipelining assistance) hands this handler one request at a
/// time: the next request's parts are held back until the answer to this one has been written.
final class ProxyHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The largest request body forwarded, as the Hummingbird floor's `collect(upTo:)`.
    private static let maxBodyBytes = 1 << 20
    private static let route = "/v1/chat/completions"

    private let pool: UpstreamPool
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var bodyTooLarge = false

    init(pool: UpstreamPool) {
        self.pool = pool
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = nil
            bodyTooLarge = false
        case .body(let part):
            guard !bodyTooLarge else { return }
            if body == nil {
                // A body that arrives in one read (the benchmark's 4 KB) is kept as a slice of the
                // read buffer: no copy.
                body = part
            } else {
                body!.writeImmutableBuffer(part)
            }
            if body!.readableBytes > Self.maxBodyBytes {
                bodyTooLarge = true
                body = nil
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let body = self.body ?? context.channel.allocator.buffer(capacity: 0)
            self.body = nil
            let keepAlive = head.isKeepAlive
            if head.method != .POST || head.uri != Self.route {
                respond(context: context, status: .notFound, keepAlive: keepAlive)
            } else if bodyTooLarge {
                respond(context: context, status: .payloadTooLarge, keepAlive: false)
            } else {
                forward(context: context, body: body, keepAlive: keepAlive, isRetry: false)
            }
        }
    }

    /// Sends the body upstream and writes the answer back. A pooled connection that the upstream
    /// closed before answering anything (an idle keep-alive connection it timed out) is not an
    /// error of the request: it is sent once more, on a connection opened for it.
    private func forward(context: ChannelHandlerContext, body: ByteBuffer, keepAlive: Bool, isRetry: Bool) {
        pool.connection(fresh: isRetry) { result in
            switch result {
            case .failure:
                self.respond(context: context, status: .badGateway, keepAlive: keepAlive)
            case .success(let connection):
                connection.send(body) { result in
                    switch result {
                    case .success(let answer):
                        self.pool.release(connection)
                        self.respond(context: context, answer: answer, keepAlive: keepAlive)
                    case .failure(.closedBeforeAnswer) where !isRetry:
                        self.forward(context: context, body: body, keepAlive: keepAlive, isRetry: true)
                    case .failure:
                        self.respond(context: context, status: .badGateway, keepAlive: keepAlive)
                    }
                }
            }
        }
    }

    private func respond(context: ChannelHandlerContext, answer: UpstreamAnswer, keepAlive: Bool) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: answer.contentType ?? "application/json")
        headers.add(name: "content-length", value: String(answer.body.readableBytes))
        write(context: context, status: answer.status, headers: headers, body: answer.body, keepAlive: keepAlive)
    }

    private func respond(context: ChannelHandlerContext, status: HTTPResponseStatus, keepAlive: Bool) {
        write(
            context: context, status: status, headers: ["content-length": "0"],
            body: context.channel.allocator.buffer(capacity: 0), keepAlive: keepAlive)
    }

    private func write(
        context: ChannelHandlerContext, status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer,
        keepAlive: Bool
    ) {
        var headers = headers
        if !keepAlive {
            headers.add(name: "connection", value: "close")
        }
        // If the client has gone meanwhile these writes fail, and are dropped: nothing to answer.
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
