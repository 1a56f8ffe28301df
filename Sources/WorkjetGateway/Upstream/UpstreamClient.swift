import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The gateway's HTTP/1.1 client for upstream providers: keep-alive connections pooled per event loop.
///
/// Each event loop of the group owns a pool of idle connections keyed by scheme, host and port; a request runs
/// on one loop from start to end, so neither the pool nor a connection needs a lock. Bodies are collected in full
/// or, for a successful streaming answer, relayed chunk by chunk with back-pressure (``UpstreamBody``).
///
/// ```swift
/// let client = try UpstreamClient(configuration: .init())
/// let endpoint = UpstreamEndpoint(url: "https://api.openai.com/v1/chat/completions")!
/// let response = try await client.execute(
///     endpoint: endpoint, headers: ["content-type": "application/json"], body: ByteBuffer(string: "{}"),
///     stream: false, timeout: .seconds(120))
/// await client.shutdown()
/// ```
public final class UpstreamClient: Sendable {
    /// Connection settings, with the defaults the gateway used with its previous client.
    public struct Configuration: Sendable {
        /// Time allowed to open a connection (TCP, and TLS's handshake through the first answer). Default 10 s.
        public var connectTimeout: TimeAmount = .seconds(10)
        /// Idle connections kept per scheme, host and port on each event loop; more are closed when released. Default 16.
        public var maxIdleConnections = 16
        /// An idle connection unused for this long is closed (checked every half of it). Default 60 s.
        public var idleTimeout: TimeAmount = .seconds(60)
        /// Largest body collected in full; larger answers fail with `body_too_large`. Default 64 MiB.
        public var maxBodyBytes = 64 * 1024 * 1024
        /// A PEM file of certificate authorities trusted for `https` besides the system's. Default none.
        public var extraCAFile: String?

        /// The defaults.
        public init() {}
    }

    /// An upstream's answer.
    public struct Response: Sendable {
        /// The body: collected, or relayed as it arrives.
        public enum Body: Sendable {
            /// The whole body.
            case full(ByteBuffer)
            /// The body's chunks as they arrive (only for a 2xx answer to a request made with `stream: true`).
            case stream(UpstreamBody)
        }

        /// The status.
        public var status: HTTPResponseStatus
        /// The headers.
        public var headers: HTTPHeaders
        /// The body.
        public var body: Body
    }

    let configuration: Configuration
    let group: any EventLoopGroup
    let tlsContext: NIOSSLContext
    /// One pool per event loop of the group, created on its loop at first use (hence the empty boxes).
    let pools: [ObjectIdentifier: NIOLoopBoundBox<UpstreamPool?>]

    /// Creates a client on `group` (by default NIO's shared singleton group, which outlives the client).
    ///
    /// Throws when ``Configuration/extraCAFile`` cannot be read as PEM certificates.
    public init(configuration: Configuration, group: MultiThreadedEventLoopGroup = .singleton) throws {
        self.configuration = configuration
        self.group = group
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = configuration.extraCAFile {
            do {
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(file))]
            } catch {
                throw GatewayError(.invalidConfiguration, "upstream_ca_file \(file) cannot be read as PEM certificates")
            }
        }
        tlsContext = try NIOSSLContext(configuration: tls)
        var pools: [ObjectIdentifier: NIOLoopBoundBox<UpstreamPool?>] = [:]
        for loop in group.makeIterator() {
            pools[ObjectIdentifier(loop)] = .makeEmptyBox(valueType: UpstreamPool.self, eventLoop: loop)
        }
        self.pools = pools
    }

    /// Sends one request and returns the answer's head with its body.
    ///
    /// - Parameters:
    ///   - stream: relay a 2xx answer's body as ``Response/Body/stream(_:)``; other answers are collected in full.
    ///   - timeout: the time allowed for the answer: its head, and the whole body when collected; for a stream,
    ///     the time allowed between two chunks.
    /// - Throws: ``UpstreamClientError``. A request is sent again only when a pooled connection turned out
    ///   closed before the request could be written; never once it was written.
    public func execute(
        method: HTTPMethod = .POST, endpoint: UpstreamEndpoint, headers: HTTPHeaders, body: ByteBuffer,
        stream: Bool, timeout: TimeAmount
    ) async throws -> Response {
        let loop = group.any()
        guard let box = pools[ObjectIdentifier(loop)] else {
            throw UpstreamClientError(.shutDown, "the upstream client's event loop group is not its own")
        }
        let promise = loop.makePromise(of: Response.self)
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: endpoint.path, headers: headers)
        if !head.headers.contains(name: "host") { head.headers.replaceOrAdd(name: "host", value: endpoint.hostHeader) }
        head.headers.replaceOrAdd(name: "content-length", value: String(body.readableBytes))
        let request = UpstreamExchange.Request(endpoint: endpoint, head: head, body: body, stream: stream, timeout: timeout)
        let exchangeBox = NIOLoopBoundBox.makeEmptyBox(valueType: UpstreamExchange.self, eventLoop: loop)
        loop.execute {
            let pool = self.pool(in: box, loop: loop)
            let exchange = UpstreamExchange(request: request, promise: promise, pool: pool)
            exchangeBox.value = exchange
            pool.start(exchange)
        }
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            loop.execute { exchangeBox.value?.cancel() }
        }
    }

    /// Closes every idle connection and refuses new requests; requests in flight finish, then close their connections.
    public func shutdown() async {
        var done: [EventLoopFuture<Void>] = []
        for loop in group.makeIterator() {
            guard let box = pools[ObjectIdentifier(loop)] else { continue }
            done.append(loop.submit { self.pool(in: box, loop: loop).close() })
        }
        for future in done { try? await future.get() }
    }

    /// The loop's pool, created at first use. Runs on `loop`.
    private func pool(in box: NIOLoopBoundBox<UpstreamPool?>, loop: any EventLoop) -> UpstreamPool {
        if let pool = box.value { return pool }
        let pool = UpstreamPool(eventLoop: loop, configuration: configuration, tlsContext: tlsContext)
        box.value = pool
        return pool
    }
}
