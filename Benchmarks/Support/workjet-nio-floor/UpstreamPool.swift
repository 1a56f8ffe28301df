import NIOCore
import NIOHTTP1
import NIOPosix

/// Where requests are forwarded: the address is resolved once, at start.
struct Upstream: Sendable {
    let address: SocketAddress
    let path: String
    /// The headers every forwarded request carries; `content-length` is added per request.
    let headers: HTTPHeaders

    init(host: String, port: Int, path: String) throws {
        address = try SocketAddress.makeAddressResolvingHost(host, port: port)
        self.path = path
        headers = ["host": "\(host):\(port)", "content-type": "application/json"]
    }
}

/// The keep-alive connections to the upstream owned by one event loop.
///
/// Every method runs on that loop (the pool is only reached from server connections on the same
/// loop), so it needs no lock, and a connection it hands out is on the caller's thread.
final class UpstreamPool {
    /// Idle connections kept for reuse; more are closed when released. The benchmark has at most
    /// 8 requests in flight over 2 loops, so a loop rarely holds more than 4.
    private static let maxIdle = 16

    private let eventLoop: any EventLoop
    private let upstream: Upstream
    private var idle: [UpstreamConnection] = []

    init(eventLoop: any EventLoop, upstream: Upstream) {
        self.eventLoop = eventLoop
        self.upstream = upstream
    }

    /// Calls `then` with an idle connection, or a new one when there is none or `fresh` is set.
    func connection(fresh: Bool, then: @escaping (Result<UpstreamConnection, UpstreamFailure>) -> Void) {
        eventLoop.assertInEventLoop()
        if !fresh {
            // Most recently used first: the connection least likely to have been timed out upstream.
            // One the upstream closed while idle is dropped here.
            while let connection = idle.popLast() {
                if connection.isReusable {
                    then(.success(connection))
                    return
                }
            }
        }
        let upstream = self.upstream
        ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(UpstreamConnection(upstream: upstream))
                }
            }
            .connect(to: upstream.address)
            .assumeIsolated()
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    do {
                        then(.success(try channel.pipeline.syncOperations.handler(type: UpstreamConnection.self)))
                    } catch {
                        channel.close(promise: nil)
                        then(.failure(.connectFailed(error)))
                    }
                case .failure(let error):
                    then(.failure(.connectFailed(error)))
                }
            }
    }

    /// Takes back a connection whose answer has been read in full.
    func release(_ connection: UpstreamConnection) {
        eventLoop.assertInEventLoop()
        if connection.isReusable && idle.count < Self.maxIdle {
            idle.append(connection)
        } else {
            connection.close()
        }
    }
}
