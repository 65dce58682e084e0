"""An e-mail backend for worker processes started by tests: each message becomes a file of its own
in EMAIL_FILE_PATH (written under a temporary name, then renamed, so a reader never sees half a
message). With TEST_MAIL_PAUSE_AT=n the process stops still at its n-th message, before writing it
(TEST_MAIL_PAUSE=before_send) or after (after_send, i.e. the SMTP server has it but the worker has
not recorded it yet), and says so by creating the file `paused`: the test then kills it there."""

import itertools
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

_numbers = itertools.count(1)


def _pause(folder: Path) -> None:
    (folder / "paused").touch()
    while True:
        time.sleep(60)


class FileSinkBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(settings.EMAIL_FILE_PATH)
        pause_at = int(os.environ.get("TEST_MAIL_PAUSE_AT", 0))
        pause_when = os.environ.get("TEST_MAIL_PAUSE", "before_send")
        for message in email_messages:
            number = next(_numbers)
            if number == pause_at and pause_when == "before_send":
                _pause(folder)
            name = f"{time.time_ns()}-{uuid.uuid4().hex}"
            partial = folder / f"{name}.part"
            partial.write_bytes(message.message().as_bytes())
            partial.rename(folder / f"{name}.eml")
            if number == pause_at:
                _pause(folder)
        return len(email_messages)
