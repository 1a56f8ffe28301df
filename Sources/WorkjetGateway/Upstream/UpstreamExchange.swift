import NIOCore
import NIOHTTP1

/// One request's life on its event loop: the caller's promise, the timer, the connection serving it, and for a
/// streamed answer the producer its chunks go to.
///
/// Confined to the loop: created there by ``UpstreamClient/execute(method:endpoint:headers:body:stream:timeout:)``,
/// and only touched by the pool, the connection and the loop's timers.
final class UpstreamExchange {
    /// What to send, fixed before the request reaches the loop.
    struct Request: Sendable {
        var endpoint: UpstreamEndpoint
        var head: HTTPRequestHead
        var body: ByteBuffer
        var stream: Bool
        var timeout: TimeAmount
    }

    private enum State {
        /// Waiting for the answer's head (or whole collected body).
        case waiting
        /// The head was answered with a stream; chunks go to the producer's source.
        case streaming(UpstreamBody.Source)
        /// Answered and, for a stream, finished (or failed, or cancelled).
        case done
    }

    let request: Request
    let pool: UpstreamPool
    private let promise: EventLoopPromise<UpstreamClient.Response>
    private var state = State.waiting
    /// The connection carrying the request now, if any.
    var connection: UpstreamConnection?
    /// Connections tried so far (at most two: a second only after a pooled one proved dead before the write).
    var attempts = 0
    private var timer: Scheduled<Void>?
    /// For a stream: when the last chunk arrived (the idle timer re-arms from it rather than per chunk).
    private var lastActivity = NIODeadline.now()

    init(request: Request, promise: EventLoopPromise<UpstreamClient.Response>, pool: UpstreamPool) {
        self.request = request
        self.promise = promise
        self.pool = pool
        arm(at: .now() + request.timeout)
    }

    /// Whether the exchange has ended: no more work for a connection.
    var isDone: Bool { if case .done = state { true } else { false } }

    /// Whether the answer's head has been delivered (a stream is under way).
    var isStreaming: Bool { if case .streaming = state { true } else { false } }

    /// The whole answer, collected.
    func answer(_ head: HTTPResponseHead, body: ByteBuffer) {
        guard case .waiting = state else { return }
        state = .done
        timer?.cancel()
        promise.succeed(.init(status: head.status, headers: head.headers, body: .full(body)))
    }

    /// The head of a streamed answer: hands the caller a body that the connection feeds through `yield`.
    func startStream(_ head: HTTPResponseHead) {
        guard case .waiting = state else { return }
        let (source, body) = UpstreamBody.make(exchange: NIOLoopBound(self, eventLoop: pool.eventLoop))
        state = .streaming(source)
        lastActivity = .now()
        promise.succeed(.init(status: head.status, headers: head.headers, body: .stream(body)))
    }

    /// Passes a chunk to the stream's reader; false when the reader asks for a pause.
    func yield(_ chunk: ByteBuffer) -> Bool {
        guard case .streaming(let source) = state else { return true }
        lastActivity = .now()
        return source.yield(chunk) != .stopProducing
    }

    /// The end of a streamed answer.
    func finishStream() {
        guard case .streaming(let source) = state else { return }
        state = .done
        timer?.cancel()
        source.finish()
    }

    /// Fails the exchange: the caller's await throws, or the stream ends with the error.
    func fail(_ error: UpstreamClientError) {
        switch state {
        case .waiting: promise.fail(error)
        case .streaming(let source): source.finish(error)
        case .done: return
        }
        state = .done
        timer?.cancel()
    }

    /// The connection closed or failed. A request not yet written on a pooled connection goes once more on a new one.
    func connectionFailed(_ error: UpstreamClientError, retryable: Bool) {
        connection = nil
        if retryable, attempts == 1, case .waiting = state {
            pool.start(self, fresh: true)
        } else {
            fail(error)
        }
    }

    /// The caller went away (its task was cancelled, or the stream's reader stopped before the end):
    /// the connection is closed, since the rest of its answer would have to be read first to reuse it.
    func cancel() {
        guard !isDone else { return }
        fail(UpstreamClientError(.cancelled, "the upstream request was cancelled"))
        connection?.abort()
        connection = nil
    }

    /// The stream's reader wants more chunks.
    func resumeReading() {
        connection?.resumeReading(for: self)
    }

    private func arm(at deadline: NIODeadline) {
        timer = pool.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in timerFired() }
    }

    private func timerFired() {
        switch state {
        case .done:
            return
        case .streaming:
            let next = lastActivity + request.timeout
            if next > .now() {
                arm(at: next)
                return
            }
        case .waiting:
            break
        }
        fail(.timedOut)
        connection?.abort()
        connection = nil
    }
}
