"""The HTTP protocol the server runs: uvicorn's (httptools), with one change.

The parser refuses a URL longer than about 64 KB before the application sees it, and
uvicorn answers "400 Invalid HTTP request received.". A GET whose query is that long is a request
the endpoint understands but will not take in a URL: it is answered 414 with what to do instead.
"""

from __future__ import annotations

from typing import Any

REQUEST_LINE_LIMIT = 8192  # a URL longer than this that the parser refuses is refused for its length


def http_protocol() -> Any:
    """The protocol class to give ``uvicorn.run(http=…)``; ``"auto"`` without httptools."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:
        return "auto"

    class Protocol(HttpToolsProtocol):
        def send_400_response(self, msg: str) -> None:
            if len(self.url) <= REQUEST_LINE_LIMIT:
                super().send_400_response(msg)
                return
            body = (f"the request line is longer than the server reads ({len(self.url)} bytes and more): "
                    "send the query by POST\n").encode("ascii")
            self.transport.write(b"".join([
                b"HTTP/1.1 414 URI Too Long\r\n",
                *(b"".join([name, b": ", value, b"\r\n"]) for name, value in self.server_state.default_headers),
                b"content-type: text/plain; charset=utf-8\r\n",
                b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
                b"connection: close\r\n\r\n", body]))
            self.transport.close()

    return Protocol
