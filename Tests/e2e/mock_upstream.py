"""A mock OpenAI/Anthropic upstream for the e2e test: records every body it receives (to a file) and
answers in the provider's shape, streaming too. Standard library only."""
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = sys.argv[2]

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        with open(LOG, "ab") as f:
            f.write(body + b"\n")
        req = json.loads(body)
        model, stream = req.get("model", ""), req.get("stream", False)
        anthropic = self.path.endswith("/messages")
        if stream:
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            for event in events(anthropic, model):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            return
        if anthropic:
            out = {"id": "msg_1", "type": "message", "role": "assistant", "model": model,
                   "content": [{"type": "text", "text": "hello from mock"}], "stop_reason": "end_turn",
                   "stop_sequence": None, "usage": {"input_tokens": 10, "output_tokens": 3}}
        else:
            out = {"id": "chatcmpl-1", "object": "chat.completion", "created": int(time.time()), "model": model,
                   "choices": [{"index": 0, "message": {"role": "assistant", "content": "hello from mock"},
                                "finish_reason": "stop"}],
                   "usage": {"prompt_tokens": 10, "completion_tokens": 3, "total_tokens": 13}}
        data = json.dumps(out).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

def sse(event, obj):
    prefix = f"event: {event}\n" if event else ""
    return (prefix + "data: " + json.dumps(obj) + "\n\n").encode()

def events(anthropic, model):
    pieces = ["hello ", "from ", "mock"]
    if anthropic:
        yield sse("message_start", {"type": "message_start", "message": {"id": "msg_1", "type": "message",
              "role": "assistant", "content": [], "model": model, "stop_reason": None, "stop_sequence": None,
              "usage": {"input_tokens": 10, "output_tokens": 1}}})
        yield sse("content_block_start", {"type": "content_block_start", "index": 0,
              "content_block": {"type": "text", "text": ""}})
        for p in pieces:
            yield sse("content_block_delta", {"type": "content_block_delta", "index": 0,
                  "delta": {"type": "text_delta", "text": p}})
        yield sse("content_block_stop", {"type": "content_block_stop", "index": 0})
        yield sse("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn",
              "stop_sequence": None}, "usage": {"output_tokens": 3}})
        yield sse("message_stop", {"type": "message_stop"})
    else:
        base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": int(time.time()), "model": model}
        yield sse(None, {**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]})
        for p in pieces:
            yield sse(None, {**base, "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]})
        yield sse(None, {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        yield b"data: [DONE]\n\n"

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
