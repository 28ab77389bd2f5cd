"""A real SMTP server (in a thread of the test process) that records every recipient of every
message it accepts, taking ``delay`` seconds per message as a slow relay does."""

from __future__ import annotations

import socketserver
import threading
import time
from collections import Counter


class SmtpSink:
    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.accepted: list[str] = []  # one entry per recipient per accepted message
        self._lock = threading.Lock()
        sink = self

        class Session(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self) -> None:
                self.reply("220 sink ESMTP")
                recipients: list[str] = []
                while line := self.rfile.readline():
                    verb = line[:4].upper()
                    if verb == b"EHLO":
                        self.reply("250-sink")
                        self.reply("250 8BITMIME")
                    elif verb == b"RCPT":
                        address = line.decode().split(":", 1)[1].split(">")[0]
                        recipients.append(address.strip(" <\r\n"))
                        self.reply("250 OK")
                    elif verb == b"DATA":
                        self.reply("354 go ahead")
                        while self.rfile.readline() not in (b".\r\n", b""):
                            pass
                        time.sleep(sink.delay)  # the relay's own pace
                        with sink._lock:
                            sink.accepted += recipients
                        recipients = []
                        self.reply("250 OK queued")
                    elif verb == b"RSET":
                        recipients = []
                        self.reply("250 OK")
                    elif verb == b"QUIT":
                        self.reply("221 bye")
                        return
                    else:  # HELO, MAIL, NOOP
                        self.reply("250 OK")

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Session)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]

    def start(self) -> SmtpSink:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def counts(self) -> Counter:
        with self._lock:
            return Counter(self.accepted)
