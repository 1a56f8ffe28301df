import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves the floor on 127.0.0.1:`port` until the process is killed.
///
/// One event loop per core. Each loop owns an `UpstreamPool`, and every server connection the loop
/// accepts forwards through that loop's pool, so the client side and the upstream side of a request
/// never leave the thread that read it.
func serve(port: Int, upstream: Upstream) throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
    // A pool is made on its own loop: NIOLoopBound then checks (cheaply) that it is only used there.
    var pools: [ObjectIdentifier: NIOLoopBound<UpstreamPool>] = [:]
    for loop in group.makeIterator() {
        pools[ObjectIdentifier(loop)] = try loop.submit {
            NIOLoopBound(UpstreamPool(eventLoop: loop, upstream: upstream), eventLoop: loop)
        }.wait()
    }
    let poolsByLoop = pools
    let server = try ServerBootstrap(group: group)
        .serverChannelOption(.backlog, value: 256)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { channel in
            // Runs on the loop the connection was assigned to, which is the loop of the pool it gets.
            channel.eventLoop.makeCompletedFuture {
                let pool = poolsByLoop[ObjectIdentifier(channel.eventLoop)]!.value
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                try channel.pipeline.syncOperations.addHandler(ProxyHandler(pool: pool))
            }
        }
        .bind(host: "127.0.0.1", port: port)
        .wait()
    try server.closeFuture.wait()
}
