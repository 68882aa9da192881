#!/usr/bin/env python3
"""fake-arm: a stand-in for Azure Resource Manager, Microsoft Graph and the
login endpoint, on 127.0.0.1 only, for billcon's tests and benches.

    server.py --port-file FILE [--data DIR] [--log FILE]

Listens on an ephemeral port of 127.0.0.1 and writes "http://127.0.0.1:PORT"
to FILE once it accepts connections. Routes come from the routes_*.py
modules beside this file: each defines ROUTES, a list of
(method, regex on the path, handler), and a handler is
handler(server, request, match) -> (status, headers dict, body bytes|str|dict).

Faults are injected on demand, for tests: POST /_fault with a JSON body
    {"path": "substring of the path", "kind": K, "count": N, "retry_after": "2"}
where K is one of 429, 500, 502, 503, 504 (that status, with Retry-After
when given), "reset" (the connection closed without an answer),
"truncate" (half the body, then the connection closed), "malformed" (a body
that is not JSON), "stall" (headers, then nothing for 30 s); the next N
requests whose path holds the substring get it. GET /_log returns every
request seen as JSON lines ("METHOD path-and-query" plus the body), and
DELETE /_log empties it. POST /_state with a JSON object merges it into
server.state, which the routes read (the data a test wants served), and
hands it to the on_state(server, patch) of each routes module that has one
(a ValueError there answers 400).
"""
import argparse
import importlib.util
import json
import os
import re
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))


def load_routes():
    """The routes of every routes_*.py, and the on_state(server, patch)
    hooks of those that define one."""
    routes, hooks = [], []
    for name in sorted(os.listdir(HERE)):
        if not (name.startswith("routes_") and name.endswith(".py")):
            continue
        spec = importlib.util.spec_from_file_location(name[:-3], os.path.join(HERE, name))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for method, pattern, handler in mod.ROUTES:
            routes.append((method, re.compile(pattern), handler))
        if hasattr(mod, "on_state"):
            hooks.append(mod.on_state)
    return routes, hooks


class Request:
    """What a handler sees: method, path (no query), query dict, headers, body
    bytes, json (parsed body or None), form (parsed urlencoded body or {})."""

    def __init__(self, method, raw_path, headers, body):
        from urllib.parse import parse_qs, urlsplit
        parts = urlsplit(raw_path)
        self.method = method
        self.raw_path = raw_path
        self.path = parts.path
        self.query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        self.headers = headers
        self.body = body
        self.json = None
        self.form = {}
        ctype = headers.get("Content-Type", "")
        if body and "json" in ctype:
            try:
                self.json = json.loads(body)
            except ValueError:
                self.json = None
        elif body and "x-www-form-urlencoded" in ctype:
            self.form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm the
    # body waits for the client's delayed ACK, 40 ms a call on a kept-alive
    # connection.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, status, headers, body):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json; charset=utf-8")
        elif isinstance(body, str):
            body = body.encode()
        body = body or b""
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return body

    def _fault(self, fault):
        kind = fault["kind"]
        if kind == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.close_connection = True
            return True
        if kind == "stall":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.flush()
            time.sleep(30)
            self.close_connection = True
            return True
        if str(kind).isdigit():
            headers = {}
            if fault.get("retry_after") is not None:
                headers["Retry-After"] = str(fault["retry_after"])
            body = {"error": {"code": "Fake%s" % kind, "message": "Injected status %s." % kind}}
            self.wfile.write(self._send(int(kind), headers, body))
            return True
        return False

    def _handle(self):
        srv = self.server
        body = self._body()
        req = Request(self.command, self.path, self.headers, body)
        with srv.lock:
            srv.log.append({"request": "%s %s" % (self.command, self.path),
                            "body": body.decode("utf-8", "replace")})
        if req.path.startswith("/_"):
            return self._control(req)
        fault = srv.take_fault(req.raw_path)
        if fault and self._fault(fault):
            return
        for method, pattern, handler in srv.routes:
            m = pattern.fullmatch(req.path)
            if m and method == self.command:
                status, headers, out = handler(srv, req, m)
                break
        else:
            status, headers, out = 404, {}, {"error": {"code": "NotFound",
                                                     "message": "fake-arm has no route for %s %s." % (self.command, req.path)}}
        data = self._send(status, dict(headers), out)
        if fault and fault["kind"] == "truncate":
            self.wfile.write(data[: len(data) // 2])
            self.close_connection = True
            return
        if fault and fault["kind"] == "malformed":
            data = b"{\"value\": [ this is not JSON" + b" " * max(0, len(data) - 27)
            data = data[: len(data)]
        self.wfile.write(data)

    def _control(self, req):
        srv = self.server
        if req.path == "/_fault" and self.command == "POST":
            f = json.loads(req.body or b"{}")
            f.setdefault("count", 1)
            with srv.lock:
                srv.faults.append(f)
            self.wfile.write(self._send(204, {}, b""))
        elif req.path == "/_log" and self.command == "GET":
            with srv.lock:
                lines = "".join(json.dumps(e) + "\n" for e in srv.log if not e["request"].split(" ", 1)[1].startswith("/_"))
            self.wfile.write(self._send(200, {"Content-Type": "application/x-ndjson"}, lines))
        elif req.path == "/_log" and self.command == "DELETE":
            with srv.lock:
                srv.log.clear()
            self.wfile.write(self._send(204, {}, b""))
        elif req.path == "/_state" and self.command == "POST":
            patch = json.loads(req.body or b"{}")
            with srv.lock:
                srv.state.update(patch)
            try:
                for hook in srv.state_hooks:
                    hook(srv, patch)
            except (ValueError, KeyError, TypeError) as e:
                self.wfile.write(self._send(400, {}, {"error": {"code": "BadState", "message": str(e)}}))
                return
            self.wfile.write(self._send(204, {}, b""))
        else:
            self.wfile.write(self._send(404, {}, {"error": {"code": "NotFound", "message": "no control " + req.path}}))

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = _handle


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, data_dir):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.routes, self.state_hooks = load_routes()
        self.faults = []
        self.log = []
        self.state = {}
        self.data_dir = data_dir
        self.base = "http://127.0.0.1:%d" % self.server_address[1]

    def handle_error(self, request, client_address):
        pass  # a client that hangs up (the reset fault, a timeout) is expected

    def take_fault(self, path):
        """The first fault whose substring is in path, with its count taken down."""
        with self.lock:
            for f in self.faults:
                if f.get("path", "") in path and f["count"] > 0:
                    f["count"] -= 1
                    return dict(f)
        return None


def main(wrap=None):
    """Runs the server; wrap(srv), when given, changes it before it is
    announced (tls.py puts TLS on it)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--data", default=None)
    args = ap.parse_args()
    srv = Server(args.data)
    if wrap:
        wrap(srv)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(srv.base + "\n")
    os.rename(tmp, args.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
