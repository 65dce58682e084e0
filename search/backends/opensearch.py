import functools
import logging

import urllib3
from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend
from opensearchpy import Urllib3HttpConnection

from search.backends import swedish_backend

logger = logging.getLogger("pedagogsajten.search")


@functools.cache
def quiet_connection_class(base):
    """opensearch-py logs every failed request as a WARNING with its traceback. For readers'
    queries the circuit breaker (search/breaker.py) says once what failed, so the library's
    record goes to DEBUG, without the traceback."""

    def log_request_fail(
        self, method, full_url, path, body, duration, status_code=None, *args, **kwargs
    ):
        logger.debug(
            "%s %s [status:%s request:%.3fs]", method, full_url, status_code or "N/A", duration
        )

    return type(f"Quiet{base.__name__}", (base,), {"log_request_fail": log_request_fail})


def reader_client(backend):
    """A second opensearch-py client: its connections take a urllib3 Timeout, so connecting and
    reading get limits of their own, and its transport must not retry (the default retries a
    failed connection three times)."""
    connect, read = backend.reader_timeouts
    arguments = backend.client_arguments
    return backend.client_class(
        **arguments
        | {
            "timeout": urllib3.Timeout(connect=connect, read=read),
            "max_retries": 0,
            "retry_on_timeout": False,
            "connection_class": quiet_connection_class(
                arguments.get("connection_class", Urllib3HttpConnection)
            ),
        }
    )


SearchBackend = swedish_backend(OpenSearch3SearchBackend, reader_client)
