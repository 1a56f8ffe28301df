import Testing
@testable import WorkjetEngine

/// Which string values of a chat body the gateway scans: every text a request sends (content strings and
/// parts, tool-call arguments, Anthropic `system` and blocks) and nothing else (model names, roles, ids).
@Suite struct ChatMessageSelectorTests {
    typealias C = JSONPath.Component

    static func path(_ components: C...) -> JSONPath { JSONPath(components) }

    @Test func openAIRequestsSelectContentPartsAndToolArguments() {
        let selected: [JSONPath] = [
            Self.path(.key("messages"), .index(0), .key("content")),
            Self.path(.key("messages"), .index(3), .key("content"), .index(1), .key("text")),
            Self.path(.key("messages"), .index(2), .key("tool_calls"), .index(0), .key("function"), .key("arguments")),
            Self.path(.key("messages"), .index(1), .key("function_call"), .key("arguments")),
        ]
        let ignored: [JSONPath] = [
            Self.path(.key("model")),
            Self.path(.key("messages"), .index(0), .key("role")),
            Self.path(.key("messages"), .index(0), .key("name")),
            Self.path(.key("messages"), .key("content")),
            Self.path(.key("messages"), .index(0), .key("content"), .index(1), .key("type")),
            Self.path(.key("messages"), .index(0), .key("content"), .index(1), .key("image_url"), .key("url")),
            Self.path(.key("messages"), .index(0), .key("content"), .key("text")),
            Self.path(.key("messages"), .index(2), .key("tool_calls"), .index(0), .key("id")),
            Self.path(.key("messages"), .index(2), .key("tool_calls"), .index(0), .key("function"), .key("name")),
            Self.path(.key("messages"), .index(2), .key("tool_calls"), .key("function"), .key("arguments")),
            Self.path(.key("messages"), .index(1), .key("function_call"), .key("name")),
            Self.path(.key("messages"), .index(1), .key("function_call"), .key("arguments"), .key("x")),
            Self.path(.key("content")),
        ]
        for path in selected { #expect(ChatMessageSelector.openAIRequest(path), "\(path)") }
        for path in ignored { #expect(!ChatMessageSelector.openAIRequest(path), "\(path)") }
    }

    @Test func openAIResponsesSelectTheMessageTextAndToolArguments() {
        let selected: [JSONPath] = [
            Self.path(.key("choices"), .index(0), .key("message"), .key("content")),
            Self.path(.key("choices"), .index(1), .key("message"), .key("content"), .index(0), .key("text")),
            Self.path(.key("choices"), .index(0), .key("message"), .key("tool_calls"), .index(0), .key("function"), .key("arguments")),
            Self.path(.key("choices"), .index(0), .key("message"), .key("function_call"), .key("arguments")),
        ]
        let ignored: [JSONPath] = [
            Self.path(.key("id")),
            Self.path(.key("model")),
            Self.path(.key("choices"), .index(0), .key("finish_reason")),
            Self.path(.key("choices"), .index(0), .key("message"), .key("role")),
            Self.path(.key("choices"), .index(0), .key("delta"), .key("content")),
            Self.path(.key("choices"), .key("message"), .key("content")),
        ]
        for path in selected { #expect(ChatMessageSelector.openAIResponse(path), "\(path)") }
        for path in ignored { #expect(!ChatMessageSelector.openAIResponse(path), "\(path)") }
    }

    @Test func anthropicRequestsSelectSystemBlocksToolInputsAndResults() {
        let selected: [JSONPath] = [
            Self.path(.key("system")),
            Self.path(.key("system"), .index(0), .key("text")),
            Self.path(.key("messages"), .index(0), .key("content")),
            Self.path(.key("messages"), .index(0), .key("content"), .index(2), .key("text")),
            Self.path(.key("messages"), .index(1), .key("content"), .index(0), .key("input"), .key("query")),
            Self.path(.key("messages"), .index(1), .key("content"), .index(0), .key("input"), .key("a"), .index(3), .key("b")),
            Self.path(.key("messages"), .index(2), .key("content"), .index(0), .key("content")),
            Self.path(.key("messages"), .index(2), .key("content"), .index(0), .key("content"), .index(1), .key("text")),
        ]
        let ignored: [JSONPath] = [
            Self.path(.key("model")),
            Self.path(.key("system"), .index(0), .key("type")),
            Self.path(.key("messages"), .index(0), .key("role")),
            Self.path(.key("messages"), .index(0), .key("content"), .index(2), .key("type")),
            Self.path(.key("messages"), .index(1), .key("content"), .index(0), .key("name")),
            Self.path(.key("messages"), .index(1), .key("content"), .index(0), .key("id")),
            Self.path(.key("messages"), .index(2), .key("content"), .index(0), .key("tool_use_id")),
            Self.path(.key("messages"), .index(2), .key("content"), .index(0), .key("content"), .index(1), .key("type")),
            Self.path(.key("messages"), .index(0), .key("content"), .key("text")),
            Self.path(.key("metadata"), .key("user_id")),
        ]
        for path in selected { #expect(ChatMessageSelector.anthropicRequest(path), "\(path)") }
        for path in ignored { #expect(!ChatMessageSelector.anthropicRequest(path), "\(path)") }
    }

    @Test func anthropicResponsesSelectTextAndToolInputs() {
        #expect(ChatMessageSelector.anthropicResponse(Self.path(.key("content"), .index(0), .key("text"))))
        #expect(ChatMessageSelector.anthropicResponse(Self.path(.key("content"), .index(1), .key("input"), .key("q"))))
        #expect(!ChatMessageSelector.anthropicResponse(Self.path(.key("content"), .index(0), .key("type"))))
        #expect(!ChatMessageSelector.anthropicResponse(Self.path(.key("model"))))
        #expect(!ChatMessageSelector.anthropicResponse(Self.path(.key("content"), .key("text"))))
    }
}
