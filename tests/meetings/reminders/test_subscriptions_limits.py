"""Rate limits: confirmation messages per address, subscribe requests per client.

The counters live in the shared cache (Redis under CI), keyed on the address the one
trusted-proxy rule gives.
"""

import pytest
from django.core import mail

from config import ratelimits
from meetings.models import Subscriber
from meetings.models.reminders import SubscriptionRequest
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return BodyFactory()


def post(client, email, body, *, ip="203.0.113.9", **headers):
    return client.post(
        "/subscribe/",
        {"email": email, "language": "en", "timezone": "Europe/Zurich", "bodies": [body.pk]},
        REMOTE_ADDR=ip,
        **headers,
    )


def test_twenty_five_requests_for_one_address_send_three_messages_and_answer_alike(client, council):
    pages = {
        post(client, "Victim@Example.org", council, ip=f"198.51.100.{n}").content for n in range(25)
    }
    assert len(pages) == 1  # the same page, limited or not
    assert [m.to for m in mail.outbox] == [["victim@example.org"]] * 3
    assert SubscriptionRequest.objects.count() == 3  # nothing recorded past the limit
    # Other addresses are not held up by it.
    post(client, "other@example.org", council, ip="198.51.100.200")
    assert len(mail.outbox) == 4


def test_a_client_past_its_limit_gets_a_429_in_its_language_and_nothing_is_sent(client, council):
    for n in range(10):
        assert post(client, f"d{n}@example.org", council).status_code == 200
    refused = post(client, "d10@example.org", council, HTTP_ACCEPT_LANGUAGE="es")
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "Vuelva a intentarlo dentro de una hora." in refused.content.decode()
    assert len(mail.outbox) == 10
    assert not Subscriber.objects.filter(email="d10@example.org").exists()
    assert post(client, "d10@example.org", council, ip="203.0.113.10").status_code == 200


def trust_proxies(settings, count: int) -> None:
    """TRUSTED_PROXY_COUNT as config/settings.py hands it on (to DRF's NUM_PROXIES)."""
    settings.TRUSTED_PROXY_COUNT = count
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}


def test_a_rotating_forwarded_header_does_not_escape_the_client_limit(client, council, settings):
    trust_proxies(settings, 0)
    statuses = [
        post(client, f"d{n}@example.org", council, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(11)
    ]
    assert statuses == [200] * 10 + [429]


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit(client, council, settings):
    trust_proxies(settings, 1)
    proxy = "10.0.0.1"
    for n in range(10):
        post(client, f"a{n}@example.org", council, ip=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert (
        post(client, "a@example.org", council, ip=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1")
    ).status_code == 429
    assert (
        post(client, "b@example.org", council, ip=proxy, HTTP_X_FORWARDED_FOR="192.0.2.2")
    ).status_code == 200


def test_invalid_forms_do_not_count_against_the_client(client, council):
    for _ in range(12):
        assert client.post("/subscribe/", {"email": "nope"}).status_code == 400
    assert post(client, "d@example.org", council, ip="127.0.0.1").status_code == 200


def test_the_limits_fail_open_when_the_cache_is_down(rf, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    request = rf.post("/subscribe/")
    assert [ratelimits.limited(request, group="t", rate="1/h") for _ in range(3)] == [False] * 3
