import NIOCore

/// A streamed answer's body: chunks as the upstream sends them, with back-pressure.
///
/// When the reader falls behind (more than ``highWatermark`` chunks buffered) the connection stops reading
/// from its socket until the reader has taken all but ``lowWatermark``. When the reader stops early (its
/// iterator is dropped or its task cancelled), the upstream connection is closed. Errors are
/// ``UpstreamClientError``.
public struct UpstreamBody: AsyncSequence, Sendable {
    /// A chunk of the body.
    public typealias Element = ByteBuffer
    /// The error of a cut or timed-out stream.
    public typealias Failure = any Error

    typealias Producer = NIOThrowingAsyncSequenceProducer<
        ByteBuffer, any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, Delegate
    >
    typealias Source = Producer.Source

    /// Chunks buffered before the socket is paused, and left when it resumes.
    static let highWatermark = 16
    static let lowWatermark = 4

    let producer: Producer

    /// A body fed by `exchange`'s connection; call on the exchange's loop.
    static func make(exchange: NIOLoopBound<UpstreamExchange>) -> (Source, UpstreamBody) {
        let made = Producer.makeSequence(
            elementType: ByteBuffer.self, failureType: (any Error).self,
            backPressureStrategy: .init(lowWatermark: lowWatermark, highWatermark: highWatermark),
            finishOnDeinit: false, delegate: Delegate(exchange: exchange))
        return (made.source, UpstreamBody(producer: made.sequence))
    }

    /// Reads the body.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: producer.makeAsyncIterator()) }

    /// Reads the body; dropping it before the end closes the upstream connection.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Producer.AsyncIterator

        /// The next chunk, or nil at the end; throws ``UpstreamClientError`` when the stream is cut or times out.
        @concurrent public mutating func next() async throws -> ByteBuffer? { try await base.next() }
    }

    /// Tells the connection, on its loop, that the reader wants more or has gone.
    struct Delegate: NIOAsyncSequenceProducerDelegate {
        let exchange: NIOLoopBound<UpstreamExchange>

        func produceMore() {
            exchange.eventLoop.execute { exchange.value.resumeReading() }
        }

        func didTerminate() {
            // After the end was delivered this finds the exchange done and does nothing.
            exchange.eventLoop.execute { exchange.value.cancel() }
        }
    }
}
