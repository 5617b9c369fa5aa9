"""SandboxServer: the sandbox API over real HTTP on 127.0.0.1, with faults and a request log.

    with SandboxServer(SandboxStore.demo()) as server:
        httpx.post(server.base_url + "/users/getToken", json={"imp_key": server.imp_key, ...})

stdlib ``ThreadingHTTPServer`` with HTTP/1.1 keep-alive; one daemon thread per connection; the
handler disables Nagle (else every response waits ~40 ms for a delayed ACK, ENVIRONMENT.md).
``stop()`` (or leaving the ``with``) closes the listener and every open connection, so no client
can keep talking to a stopped server and no thread outlives it for long.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

from recon_app.sandbox.api import Reply, SandboxApi, error
from recon_app.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from recon_app.sandbox.faults import Decision, Faults
from recon_app.sandbox.store import SandboxStore
from recon_app.sandbox.toss import DEMO_TOSS_SECRET, SandboxTossApi
from recon_app.sandbox.v2 import DEMO_V2_SECRET, DEMO_V2_STORE_ID, SandboxV2Api

log = logging.getLogger(__name__)

_HTML_5XX = "<html><head><title>{0}</title></head><body><center><h1>{0}</h1></center><hr><center>nginx</center></body></html>"


class ServedRequest(NamedTuple):
    method: str
    path: str
    query: dict[str, Any]  # one value as str; repeated keys and `key[]` keys as lists
    status: int


class SandboxServer:
    """A local PortOne V1 API (or, with ``api="portone-v2"``, the V2 endpoints of
    sandbox/v2.py over the same store). Binds on construction (so ``base_url`` is known),
    serves from ``start()`` / ``__enter__`` until ``stop()`` / ``__exit__``."""

    def __init__(
        self,
        store: SandboxStore | None = None,
        *,
        port: int = 0,
        host: str = "127.0.0.1",
        latency: float = 0.0,
        token_ttl: int = 1800,
        imp_key: str = DEMO_IMP_KEY,
        imp_secret: str = DEMO_IMP_SECRET,
        api: str = "portone-v1",
        api_secret: str = DEMO_V2_SECRET,
        store_id: str = DEMO_V2_STORE_ID,
        toss_secret_key: str = DEMO_TOSS_SECRET,
    ) -> None:
        self.store = store if store is not None else SandboxStore.demo()
        self.imp_key = imp_key
        self.imp_secret = imp_secret
        self.api_name = api
        self.api_secret = api_secret
        self.store_id = store_id
        #: Seconds every request sleeps before it is answered (the sync benchmark uses 0.05).
        self.latency = float(latency)
        self.api: SandboxApi | SandboxV2Api | SandboxTossApi
        if api == "portone-v1":
            self.api = SandboxApi(self.store, imp_key, imp_secret, token_ttl)
        elif api == "portone-v2":
            self.api = SandboxV2Api(self.store, api_secret, store_id, token_ttl)
        elif api == "toss":
            self.secret_key = toss_secret_key
            self.api = SandboxTossApi(self.store, toss_secret_key)
        else:
            raise ValueError(f"unknown sandbox api {api!r}")
        self.faults = Faults(self.api.tokens.expire_all)
        #: Called as ``on_request(method, path, query)`` before each request is handled.
        self.on_request: Callable[[str, str, dict[str, list[str]]], object] | None = None
        self.requests: list[ServedRequest] = []
        #: Exceptions raised by hooks or the API (each also answered with a 500).
        self.errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._fragments: dict[str, tuple[dict[str, Any], bytes]] = {}
        self._thread: threading.Thread | None = None
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.owner = self
        self.host, self.port = self._httpd.server_address[:2]

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def token_ttl(self) -> int:
        return self.api.tokens.ttl

    @token_ttl.setter
    def token_ttl(self, seconds: int) -> None:
        self.api.tokens.ttl = int(seconds)

    # ---- lifecycle ----------------------------------------------------------------------------
    def start(self) -> SandboxServer:
        if self._stopping.is_set():
            raise RuntimeError("a stopped SandboxServer cannot be restarted; make a new one")
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"sandbox-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._stopping.is_set():
            return
        self._stopping.set()  # also cuts short any slow/latency sleep
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        with self._lock:
            conns = list(self._connections)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._httpd.server_close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def serve_until_interrupted(self) -> None:
        """Block until Ctrl-C (the CLI's foreground mode), then stop."""
        self.start()
        try:
            while not self._stopping.wait(0.5):
                pass
        finally:
            self.stop()

    def prepare_responses(self) -> None:
        """Encode every stored payment now, as a real API has its data ready before a client
        asks: the sync benchmark then measures the client, not the sandbox's json.dumps (~3.5 ms
        per page of 100 on the same two cores). Changes made later are encoded when served."""
        fragments = {p["imp_uid"]: (p, _dumps(p)) for p in self.store.stored_objects()}
        with self._lock:
            self._fragments.update(fragments)

    # ---- used by the handler ------------------------------------------------------------------
    def _encode(self, body: dict[str, Any]) -> bytes:
        """The envelope as JSON bytes. Lists of payments are joined from per-payment fragments
        cached by identity (the store swaps in a new dict on every change, so a cached fragment
        is never stale): a 1000-payment page costs ~1 ms instead of ~50 ms of json.dumps, which
        matters when the sandbox shares a process (and the GIL) with the sync benchmark."""
        if not isinstance(body, dict):  # Toss answers lists with a bare JSON array
            return _dumps(body)
        resp = body.get("response")
        if isinstance(resp, dict) and isinstance(resp.get("list"), list):
            payments, shell, marker = (
                resp["list"],
                {**body, "response": {**resp, "list": None}},
                b'"list":null',
            )
        elif isinstance(resp, list):
            payments, shell, marker = resp, {**body, "response": None}, b'"response":null'
        else:
            return _dumps(body)
        cache = self._fragments
        parts = []
        for p in payments:
            hit = cache.get(p["imp_uid"])
            if hit is None or hit[0] is not p:
                hit = cache[p["imp_uid"]] = (p, _dumps(p))
            parts.append(hit[1])
        head, _, tail = _dumps(shell).rpartition(marker)
        return head + marker[:-4] + b"[" + b",".join(parts) + b"]" + tail

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
        """A fault or failure in the API's own error shape (V1 envelope or V2 ``{type, message}``)."""
        if self.api_name == "portone-v2":
            from recon_app.sandbox.v2 import error as v2_error

            kind = "UNAUTHORIZED" if status == 401 else "INVALID_REQUEST"
            return v2_error(status, kind, message, headers)
        if self.api_name == "toss":
            code = "FAILED_INTERNAL_SYSTEM_PROCESSING" if status >= 500 else "TOO_MANY_REQUESTS"
            return Reply(status, {"code": code, "message": message}, headers or {})
        return error(status, message, headers)

    def _sleep(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    def _track(self, conn: socket.socket, add: bool) -> None:
        with self._lock:
            (self._connections.add if add else self._connections.discard)(conn)

    def _record(self, method: str, path: str, query: dict[str, list[str]], status: int) -> None:
        flat = {k: (v if len(v) > 1 or k.endswith("[]") else v[0]) for k, v in query.items()}
        with self._lock:
            self.requests.append(ServedRequest(method, path, flat, status))

    def _respond(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes,
    ) -> tuple[Reply | None, Decision, str | None]:
        """(reply, fault decision, html body) for one request; hooks and latency happen here."""
        try:
            for fn in self.faults.due_hooks():
                fn()
            if self.on_request is not None:
                self.on_request(method, path, query)
        except Exception as exc:  # a test's hook failed: answer 500 and keep the exception
            log.exception("sandbox hook failed")
            self.errors.append(exc)
            return self._error(500, f"sandbox hook failed: {exc!r}"), Decision(), None
        if self.latency:
            self._sleep(self.latency)
        decision = self.faults.decide(method, path)
        if decision.delay:
            self._sleep(decision.delay)
        if decision.status == 429:
            retry = decision.retry_after
            value = str(int(retry)) if float(retry).is_integer() else str(retry)
            return (
                self._error(
                    429,
                    "Too Many Requests: 요청이 너무 많습니다. 잠시 후 다시 시도하세요.",
                    {"Retry-After": value},
                ),
                decision,
                None,
            )
        if decision.status:
            text = {
                500: "Internal Server Error",
                502: "Bad Gateway",
                503: "Service Unavailable",
                504: "Gateway Time-out",
            }.get(decision.status, "Server Error")
            html = _HTML_5XX.format(f"{decision.status} {text}") if decision.html else None
            return (
                self._error(decision.status, f"{text}: 일시적인 서버 오류입니다."),
                decision,
                html,
            )
        try:
            return self.api.handle(method, path, query, headers, body), decision, None
        except Exception as exc:
            log.exception("sandbox API failed")
            self.errors.append(exc)
            return self._error(500, f"sandbox error: {exc!r}"), decision, None


def _dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    owner: SandboxServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (killed sync, cancelled download) is normal for an API server;
        only real handler bugs get the stdlib's traceback on stderr."""
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects from a real API
    disable_nagle_algorithm = True
    server_version = "PortOneSandbox/1.0"
    timeout = 60  # an idle keep-alive connection's thread ends by itself
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.owner._track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.owner._track(self.connection, False)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def log_message(self, format: str, *args: Any) -> None:
        pass  # requests are recorded in server.requests; stderr stays quiet in tests

    def _serve(self, method: str) -> None:
        owner = self.server.owner
        split = urlsplit(self.path)
        path = split.path
        query = parse_qs(split.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        reply, decision, html = owner._respond(method, path, query, headers, body)
        assert reply is not None
        if html is not None:
            payload, ctype = html.encode(), "text/html"
        else:
            payload = owner._encode(reply.body)
            ctype = "application/json; charset=utf-8"
        # Recorded before the reply goes out: a client that has its answer can rely on the log.
        owner._record(method, path, query, reply.status)
        try:
            if "Date" in reply.headers:  # the sandbox clock's date (V2), not the host's
                self.log_request(reply.status)
                self.send_response_only(reply.status)
                self.send_header("Server", self.version_string())
            else:
                self.send_response(reply.status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if decision.drop:
                self.wfile.write(payload[: len(payload) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
            else:
                self.wfile.write(payload)
        except OSError:
            self.close_connection = True  # the client went away; nothing to do
