"""The HTTP protocol the server runs: uvicorn's (httptools), with two changes.

The parser refuses a URL longer than about 64 KB before the application sees it, and
uvicorn answers "400 Invalid HTTP request received.". A GET whose query is that long is a request
the endpoint understands but will not take in a URL: it is answered 414 with what to do instead.
And a server that stops gracefully answers what is already on its way on kept-alive connections
(``Protocol.shutdown``).
"""

from __future__ import annotations

from typing import Any

REQUEST_LINE_LIMIT = 8192  # a URL longer than this that the parser refuses is refused for its length
SHUTDOWN_GRACE = 1.0  # seconds a stopping server still answers a request on an idle kept-alive connection


def http_protocol() -> Any:
    """The protocol class to give ``uvicorn.run(http=…)``; ``"auto"`` without httptools."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:
        return "auto"

    class Protocol(HttpToolsProtocol):
        draining = False

        def shutdown(self) -> None:
            """A graceful stop. uvicorn closes an idle kept-alive connection at once, under a client whose
            next request may already be on its way (the client sees the connection fail, unanswered).
            Instead a request that arrives within SHUTDOWN_GRACE is answered, with "Connection: close";
            a connection still idle then is closed."""
            if self.cycle is None or self.cycle.response_complete:
                self.draining = True
                self.loop.call_later(SHUTDOWN_GRACE, self._close_if_idle)
            else:
                self.cycle.keep_alive = False

        def on_headers_complete(self) -> None:
            super().on_headers_complete()
            if self.draining and self.cycle is not None:
                self.cycle.keep_alive = False

        def _close_if_idle(self) -> None:
            if (self.cycle is None or self.cycle.response_complete) and not self.transport.is_closing():
                self.transport.close()

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
