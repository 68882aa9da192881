"""/echo[/anything]: answers any method with what it received (method, path,
query, headers, body), for the HTTP layer's tests; ?size=N adds N bytes of
padding (a large answer), ?status=N answers with that status."""


def echo(server, req, match):
    out = {"method": req.method, "path": req.path, "query": req.query,
           "headers": dict(req.headers.items()),
           "body": req.body.decode("utf-8", "replace")}
    size = int(req.query.get("size", "0") or 0)
    if size:
        out["pad"] = "x" * size
    status = int(req.query.get("status", "200") or 200)
    return status, {}, out


ROUTES = [(m, r"/echo(/.*)?", echo) for m in ("GET", "PUT", "POST", "DELETE", "PATCH")]
