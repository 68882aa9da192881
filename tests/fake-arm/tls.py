#!/usr/bin/env python3
"""fake-arm over TLS, for the HTTP layer's tests: server.py's server (its
routes, faults and log) behind the self-signed certificate tls/cert.pem
(CN "fake-arm test only", for 127.0.0.1 and localhost, valid to 2126; its
key tls/key.pem is public, for tests only). A client must refuse it unless
told to trust that certificate.

    tls.py --port-file FILE

writes "https://127.0.0.1:PORT" to FILE once it accepts connections.
"""
import os
import ssl
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import server  # noqa: E402  (beside this file)


def tls(srv):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(HERE, "tls", "cert.pem"), os.path.join(HERE, "tls", "key.pem"))
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.base = srv.base.replace("http://", "https://", 1)


if __name__ == "__main__":
    sys.exit(server.main(tls))
