/// Which string values of an OpenAI or Anthropic body are message text (scanned) and which are
/// structure (model names, roles, ids: skipped). One function per API and direction, for
/// ``JSONRedactor/process(_:include:)-(UnsafeRawBufferPointer,_)``'s `include`.
///
/// ```swift
/// let result = try JSONRedactor(engine: engine, policy: policy).process(body, include: ChatMessageSelector.openAIRequest)
/// ```
public enum ChatMessageSelector {
    typealias Component = JSONPath.Component

    /// The text of an OpenAI chat request: message content (string or parts' `text`), tool-call arguments,
    /// legacy `function_call` arguments; any role, tool messages included.
    public static func openAIRequest(_ path: JSONPath) -> Bool {
        let c = path.components
        guard c.count >= 3, c[0] == .key("messages"), case .index = c[1] else { return false }
        return isContent(c.dropFirst(2)) || isToolArguments(c.dropFirst(2))
    }

    /// The text of an Anthropic messages request: `system` (string or blocks' `text`), message content
    /// (string, blocks' `text`, any string inside `tool_use.input`, `tool_result` content).
    public static func anthropicRequest(_ path: JSONPath) -> Bool {
        let c = path.components
        guard let first = c.first else { return false }
        if first == .key("system") {
            return c.count == 1 || (c.count == 3 && c[2] == .key("text"))
        }
        guard c.count >= 3, first == .key("messages"), case .index = c[1] else { return false }
        return isAnthropicContent(c.dropFirst(2))
    }

    /// The text of an OpenAI chat completion.
    public static func openAIResponse(_ path: JSONPath) -> Bool {
        let c = path.components
        guard c.count >= 4, c[0] == .key("choices"), case .index = c[1], c[2] == .key("message") else { return false }
        return isContent(c.dropFirst(3)) || isToolArguments(c.dropFirst(3))
    }

    /// The text of an Anthropic message.
    public static func anthropicResponse(_ path: JSONPath) -> Bool {
        let c = path.components
        guard c.count >= 3, c[0] == .key("content"), case .index = c[1] else { return false }
        return c[2] == .key("text") || c[2] == .key("input")
    }

    // `content` or `content[i].text`. Slices are indexed from their start index, and nothing here builds
    // an array: this runs for every string value of every request the gateway scans.
    private static func isContent(_ r: ArraySlice<Component>) -> Bool {
        let i = r.startIndex
        guard let first = r.first, first == .key("content") else { return false }
        if r.count == 1 { return true }
        if r.count == 3, case .index = r[i + 1], r[i + 2] == .key("text") { return true }
        return false
    }

    // `tool_calls[i].function.arguments` or `function_call.arguments`.
    private static func isToolArguments(_ r: ArraySlice<Component>) -> Bool {
        let i = r.startIndex
        if r.count == 4, r[i] == .key("tool_calls"), case .index = r[i + 1], r[i + 2] == .key("function"),
            r[i + 3] == .key("arguments")
        {
            return true
        }
        return r.count == 2 && r[i] == .key("function_call") && r[i + 1] == .key("arguments")
    }

    private static func isAnthropicContent(_ r: ArraySlice<Component>) -> Bool {
        let i = r.startIndex
        guard let first = r.first, first == .key("content") else { return false }
        if r.count == 1 { return true }
        guard r.count >= 3, case .index = r[i + 1] else { return false }
        switch r[i + 2] {
        case .key("text"): return r.count == 3
        case .key("input"): return true  // every string inside a tool_use input
        case .key("content"):
            // tool_result: a string, or blocks with text.
            return r.count == 3 || (r.count == 5 && r[i + 4] == .key("text"))
        default: return false
        }
    }
}
