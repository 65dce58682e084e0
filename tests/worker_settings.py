"""Settings of the `db_worker` processes tests/test_subscriptions.py starts: the test settings,
with e-mails written one file each into TEST_MAIL_DIR by tests/mail_sink.py, which can stop
still at a chosen e-mail so the test can kill the worker there."""

import os

from pedagogsajten.settings.test import *  # noqa: F403

EMAIL_BACKEND = "tests.mail_sink.FileSinkBackend"
EMAIL_FILE_PATH = os.environ["TEST_MAIL_DIR"]
SUBSCRIPTIONS_BATCH_SIZE = int(os.environ.get("TEST_SUBSCRIPTION_BATCH_SIZE", 200))
