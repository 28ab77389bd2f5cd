"""A file e-mail backend that takes its time, so a test can kill a worker in the middle of a batch."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.3")))
        return super().send_messages(email_messages)
