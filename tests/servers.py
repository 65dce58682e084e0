"""The site served by real gunicorn processes against the test database, for the tests that need
what only separate processes show: views written when a server stops, several machines sharing a
cache (tests/test_view_counting.py, tests/test_multi_machine.py)."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.db import connection

# A reader's browser: its page views are counted (insights/counting.py).
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
START_SECONDS = 60


def database_url() -> str:
    """The test database as a DATABASE_URL, for a server process of its own."""
    options = connection.settings_dict
    host = options["HOST"] or "localhost"
    address = urllib.parse.quote(host, safe="") if host.startswith("/") else host
    password = f":{urllib.parse.quote(options['PASSWORD'])}" if options["PASSWORD"] else ""
    port = f":{options['PORT']}" if options["PORT"] else ""
    return f"postgres://{options['USER']}{password}@{address}{port}/{options['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with one worker, as production runs it, on a port of its own; `stop()` sends the
    SIGTERM a deployment or restart sends."""

    def __init__(self, media_root: Path, host: str | None = None, **environment: str):
        self.port = free_port()
        # The Host header requests carry (a load balancer passes the site's name to every machine).
        self.host = {"Host": host} if host else {}
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--workers=1",
                f"--bind=127.0.0.1:{self.port}",
                "--no-control-socket",
                "pedagogsajten.wsgi:application",
            ],
            env=os.environ
            | {
                "DJANGO_SETTINGS_MODULE": "pedagogsajten.settings.test",
                "DATABASE_URL": database_url(),
                "TEST_MEDIA_ROOT": str(media_root),
            }
            | environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, agent: str = BROWSER, **headers: str):
        """(status, response headers, body) of a GET, once the server answers."""
        request = urllib.request.Request(
            self.url(path), headers={"User-Agent": agent} | self.host | headers
        )
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return response.status, response.headers, response.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, error.headers, error.read().decode()
            except OSError:
                assert self.process.poll() is None, self.errors()
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)

    def post(self, path: str, data: dict, **headers: str) -> int:
        request = urllib.request.Request(
            self.url(path),
            data=urllib.parse.urlencode(data).encode(),
            headers={"User-Agent": BROWSER} | self.host | headers,
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def errors(self) -> str:
        return self.process.stderr.read().decode() if self.process.poll() is not None else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        _output, errors = self.process.communicate(timeout=60)
        assert self.process.returncode == 0, errors.decode()
