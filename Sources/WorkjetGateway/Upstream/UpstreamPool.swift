import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The keep-alive connections of one event loop, keyed by scheme, host and port.
///
/// Every method runs on that loop: requests are started there and connections report there, so the pool
/// needs no lock, and a connection it hands out is on the caller's thread.
final class UpstreamPool {
    let eventLoop: any EventLoop
    private let configuration: UpstreamClient.Configuration
    private let tlsContext: NIOSSLContext
    private var idle: [UpstreamEndpoint.Key: [UpstreamConnection]] = [:]
    private var sweeper: Scheduled<Void>?
    private var closed = false

    init(eventLoop: any EventLoop, configuration: UpstreamClient.Configuration, tlsContext: NIOSSLContext) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.tlsContext = tlsContext
    }

    /// Sends `exchange`'s request on an idle connection, or on a new one when there is none or `fresh` is set.
    func start(_ exchange: UpstreamExchange, fresh: Bool = false) {
        guard !closed else {
            exchange.fail(UpstreamClientError(.shutDown, "the gateway is shutting down"))
            return
        }
        exchange.attempts += 1
        let key = exchange.request.endpoint.key
        if !fresh, let connection = takeIdle(key) {
            connection.send(exchange, reused: true)
            return
        }
        connect(key).assumeIsolated().whenComplete { [self] result in
            switch result {
            case .success(let channel):
                guard let connection = try? channel.pipeline.syncOperations.handler(type: UpstreamConnection.self) else {
                    channel.close(promise: nil)
                    exchange.fail(UpstreamClientError(.connectFailed, "no connection to the upstream could be opened"))
                    return
                }
                if exchange.isDone {
                    release(connection)  // timed out or cancelled meanwhile: the new connection is idle
                } else {
                    connection.send(exchange, reused: false)
                }
            case .failure(let error):
                if case ChannelError.connectTimeout = error {
                    exchange.fail(UpstreamClientError(.connectTimeout, "no connection to the upstream could be opened in time"))
                } else {
                    exchange.fail(UpstreamClientError(.connectFailed, "no connection to the upstream could be opened"))
                }
            }
        }
    }

    /// Takes back a connection whose answer has been read in full: kept idle if it may be reused, else closed.
    func release(_ connection: UpstreamConnection) {
        if !closed, connection.isReusable, idle[connection.key, default: []].count < configuration.maxIdleConnections {
            connection.idleSince = .now()
            idle[connection.key, default: []].append(connection)
            startSweeping()
        } else {
            connection.abort()
        }
    }

    /// Closes the idle connections and refuses new requests.
    func close() {
        closed = true
        sweeper?.cancel()
        sweeper = nil
        for connections in idle.values { for connection in connections { connection.abort() } }
        idle = [:]
    }

    /// The idle connections to `key`, oldest first (for tests).
    func idleConnections(to key: UpstreamEndpoint.Key) -> [UpstreamConnection] { idle[key] ?? [] }

    /// The most recently used connection still open: the least likely to have been timed out by the upstream.
    private func takeIdle(_ key: UpstreamEndpoint.Key) -> UpstreamConnection? {
        while let connection = idle[key]?.popLast() {
            if connection.isReusable { return connection }
        }
        return nil
    }

    private func connect(_ key: UpstreamEndpoint.Key) -> EventLoopFuture<any Channel> {
        let tlsContext = key.tls ? self.tlsContext : nil
        let maxBodyBytes = configuration.maxBodyBytes
        // SNI takes a name only; an address is checked against the certificate without it.
        let serverName = (try? SocketAddress(ipAddress: key.host, port: 0)) == nil ? key.host : nil
        return ClientBootstrap(group: eventLoop)
            .connectTimeout(configuration.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tlsContext {
                        try pipeline.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverName))
                    }
                    try pipeline.addHTTPClientHandlers()
                    try pipeline.addHandler(UpstreamConnection(key: key, maxBodyBytes: maxBodyBytes))
                }
            }
            .connect(host: key.host, port: key.port)
    }

    /// Closes connections idle longer than the idle timeout, every half of it, while any are idle.
    private func startSweeping() {
        guard sweeper == nil else { return }
        let period = TimeAmount.nanoseconds(max(configuration.idleTimeout.nanoseconds / 2, 1_000_000))
        sweeper = eventLoop.assumeIsolated().scheduleTask(in: period) { [self] in sweep() }
    }

    private func sweep() {
        sweeper = nil
        let cutoff = NIODeadline.now() - configuration.idleTimeout
        for (key, connections) in idle {
            var kept: [UpstreamConnection] = []
            for connection in connections {
                if connection.idleSince > cutoff, connection.isReusable { kept.append(connection) } else { connection.abort() }
            }
            idle[key] = kept.isEmpty ? nil : kept
        }
        if !idle.isEmpty, !closed { startSweeping() }
    }
}
