/// Serves OpenAI-schema requests with an Anthropic provider, through ``OpenAITranslation``. The router
/// puts it in a plan only for requests in the OpenAI schema.
struct OpenAIOverAnthropic: Provider {
    let base: any Provider
    /// `max_tokens` for requests that set none (Anthropic requires it).
    let defaultMaxTokens: Int

    var name: String { base.name }

    func speaks(_ style: APIStyle) -> Bool { style == .openAI }

    func send(_ request: UpstreamRequest) async throws -> UpstreamResponse {
        let translated = UpstreamRequest(
            style: .anthropic, body: try OpenAITranslation.anthropicRequest(request.body, defaultMaxTokens: defaultMaxTokens),
            stream: request.stream, passThroughHeaders: [])
        let response = try await base.send(translated)
        switch response.body {
        case .full(let bytes):
            return UpstreamResponse(
                status: response.status, contentType: "application/json",
                body: .full(OpenAITranslation.openAIResponse(bytes, status: response.status)))
        case .stream(let chunks):
            return UpstreamResponse(
                status: response.status, contentType: "text/event-stream", body: .stream(SSETranslatedStream<OpenAIStreamTranslator>(base: chunks)))
        }
    }
}
