"""Two app servers, one PostgreSQL and one Redis: a reschedule through one server is served by the
other within a second, on its page, its feed and its API read alike.

Each server is its own gunicorn (production settings, one worker) in its own network namespace
where the machine allows it (root and iproute2: `ip netns` and a veth pair, as two hosts on a
network), reaching PostgreSQL and Redis through TCP proxies on its side of the pair; elsewhere the
two run on two loopback ports, which proves the same thing about processes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token

from meetings.models import Session
from tests.factories import BodyFactory, SessionFactory

from .proxy import TcpProxy

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
KEY = "council-99"
READS = {
    "page": f"/sessions/{KEY}/",
    "feed": "/feeds/sessions.ics",
    "API read": f"/api/v1/sessions/{KEY}/",
}


def fetch(url: str, data: bytes | None = None, **headers: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):  # not listening (yet)
        return 0, b""


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


@dataclass
class Host:
    """Where one server runs: a network namespace (``name``) or, without one, loopback."""

    address: str  # the server's address, as the test (and any client) reaches it
    service_host: str  # the address it reaches PostgreSQL and Redis at, through the proxies
    name: str | None = None

    def command(self, argv: list[str]) -> list[str]:
        return ["ip", "netns", "exec", self.name, *argv] if self.name else argv

    def remove(self) -> None:
        if self.name:  # the veth pair goes with the namespace
            subprocess.run(["ip", "netns", "del", self.name], capture_output=True)


def namespaces() -> tuple[list[Host], str]:
    """Two namespaces, each joined to this one by a veth pair; or loopback, and why."""
    if os.geteuid() != 0 or shutil.which("ip") is None:
        return [], "not root, or no iproute2"
    pid = os.getpid()
    prefix = f"10.{100 + pid % 100}.{pid // 100 % 250}"
    hosts: list[Host] = []
    try:
        for index, letter in enumerate("ab"):
            name = f"gc{pid}{letter}"
            outside, inside = f"{prefix}.{4 * index + 1}", f"{prefix}.{4 * index + 2}"
            subprocess.run(["ip", "netns", "del", name], capture_output=True)  # a crashed run's
            ip("netns", "add", name)
            hosts.append(Host(address=inside, service_host=outside, name=name))
            ip("link", "add", f"{name}h", "type", "veth", "peer", "name", f"{name}n")
            ip("link", "set", f"{name}n", "netns", name)
            ip("addr", "add", f"{outside}/30", "dev", f"{name}h")
            ip("link", "set", f"{name}h", "up")
            ip("-n", name, "addr", "add", f"{inside}/30", "dev", f"{name}n")
            ip("-n", name, "link", "set", f"{name}n", "up")
            ip("-n", name, "link", "set", "lo", "up")
    except (subprocess.CalledProcessError, OSError) as error:
        for host in hosts:
            host.remove()
        return [], f"ip netns failed: {getattr(error, 'stderr', '') or error}"
    return hosts, ""


@pytest.fixture
def servers(postgres_only, redis_url, tmp_path):
    """Two servers sharing this test's PostgreSQL database and Redis database."""
    hosts, why = namespaces()
    if not hosts:
        warnings.warn(f"two servers on loopback ports, not in namespaces: {why}", stacklevel=1)
        hosts = [Host(address="127.0.0.1", service_host="127.0.0.1") for _ in "ab"]
    db = settings.DATABASES["default"]
    redis = urllib.parse.urlparse(redis_url)
    proxies, processes, bases = [], [], []
    try:
        for index, host in enumerate(hosts):
            pg = TcpProxy(int(db["PORT"] or 5432), listen_host=host.service_host).start()
            cache = TcpProxy(redis.port or 6379, listen_host=host.service_host).start()
            proxies += [pg, cache]
            port = 8000 if host.name else TcpProxy(1).port  # each namespace has its own port 8000
            env = {
                **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
                "DJANGO_ENV": "production",
                "SECRET_KEY": "two-servers-test-secret-key-" + "x" * 40,
                "ALLOWED_HOSTS": ",".join(h.address for h in hosts),
                "SECURE_SSL_REDIRECT": "0",
                "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{host.service_host}:{pg.port}/{connection.settings_dict['NAME']}",
                "REDIS_URL": f"redis://{host.service_host}:{cache.port}{redis.path or '/0'}",
                "STATIC_ROOT": str(tmp_path / "static"),
                "LOG_LEVEL": "ERROR",
            }
            if index == 0:
                subprocess.run(
                    [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
                    cwd=ROOT,
                    env=env,
                    check=True,
                )
            argv = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
            argv += ["-b", f"{host.address}:{port}", "-w", "1", "--log-level", "error"]
            processes.append(
                subprocess.Popen(
                    host.command(argv),
                    cwd=ROOT,
                    env=env,
                    start_new_session=True,
                    stderr=(tmp_path / f"server-{index}.log").open("w"),
                )
            )
            bases.append(f"http://{host.address}:{port}")
        deadline = time.monotonic() + 40
        for index, base in enumerate(bases):
            while fetch(base + "/health/")[0] != 200:
                log = (tmp_path / f"server-{index}.log").read_text()
                assert time.monotonic() < deadline, f"server {index} did not start: {log[-3000:]}"
                time.sleep(0.3)
        yield bases, [host.name for host in hosts]
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        for proxy in proxies:
            proxy.stop()
        for host in hosts:
            host.remove()


def what_shows(session: Session) -> dict[str, bytes]:
    """What each read shows of the session's dates."""
    start = session.start_date
    assert start is not None
    return {
        "page": session.dates_label().encode(),
        "feed": f"DTSTART;VALUE=DATE:{start:%Y%m%d}".encode(),
        "API read": f'"start_date":"{start.isoformat()}"'.encode(),
    }


def test_a_reschedule_through_one_server_is_served_by_the_other_within_a_second(servers, editor):
    (first, second), names = servers
    if names[0]:
        # Two namespaces: neither server listens where the other one is.
        assert first.split("//")[1].split(":")[0] != second.split("//")[1].split(":")[0]
    start = timezone.localdate() + dt.timedelta(days=40)
    session = SessionFactory(
        key=KEY, body=BodyFactory(key="council"), start_date=start, end_date=start
    )
    token = Token.objects.create(user=editor).key
    before = what_shows(session)
    for base in (first, second):
        for name, path in READS.items():
            status, body = fetch(base + path)
            assert status == 200 and before[name] in body, (base, name, body[:300])

    # The second server answers from its cache: a change that no one announces stays unseen...
    Session.objects.filter(pk=session.pk).update(theme="Unannounced theme")
    assert b"Unannounced theme" not in fetch(second + READS["page"])[1]
    assert b"Unannounced theme" not in fetch(second + READS["API read"])[1]

    # ...a reschedule through the first server is seen by the second within a second.
    new_start = start + dt.timedelta(days=7)
    status, body = fetch(
        f"{first}/api/v1/sessions/{KEY}/reschedule/",
        data=json.dumps(
            {"start_date": new_start.isoformat(), "end_date": new_start.isoformat()}
        ).encode(),
        Authorization=f"Token {token}",
        **{"Content-Type": "application/json"},
    )
    done = time.monotonic()
    assert status == 200, body[:500]
    session.refresh_from_db()
    after = what_shows(session)
    seen: dict[str, float] = {}
    while len(seen) < len(READS) and time.monotonic() - done < 5:
        for name, path in READS.items():
            if name not in seen and after[name] in fetch(second + path)[1]:
                seen[name] = time.monotonic() - done
        time.sleep(0.02)
    assert set(seen) == set(READS), f"never seen: {set(READS) - set(seen)}"
    assert max(seen.values()) < 1.0, seen
    assert b"Unannounced theme" in fetch(second + READS["page"])[1]
    for name, path in READS.items():  # and the first server, at once
        assert after[name] in fetch(first + path)[1], name
