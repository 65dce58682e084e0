"""The least a WSGI app can do: the ceiling each page kind is paired with in bench/http_bench.py,
served by the same gunicorn with the same workers. What a page costs beyond this is ours."""

BODY = b"ok\n"


def application(environ, start_response):
    start_response(
        "200 OK",
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(BODY)))],
    )
    return [BODY]
