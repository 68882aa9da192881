"""A route to check the server answers (tests wait on it)."""


def health(server, req, match):
    return 200, {}, {"status": "ok", "base": server.base}


ROUTES = [("GET", r"/health", health)]
