"""Saved-search alerts through real Celery workers on real Redis and PostgreSQL: three scans at
once (the task run twice, two beats ticking) tell a new match once."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from governance.models.search import SearchEntry
from meetings.models import Delivery, SavedSearch
from meetings.reminders.saved_searches import saved_search_confirm, saved_search_create
from tests.meetings.reminders.alert_records import publish_document
from tests.meetings.reminders.test_worker import broker  # noqa: F401 -- the fixture
from tests.meetings.reminders.workers import recipients, start_worker, stop, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_three_scans_at_once_tell_a_new_match_once(broker, redis_url, tmp_path):  # noqa: F811
    for i in range(3):
        _saved, token = saved_search_create(
            email=f"a{i}@example.org", query="pelican", language="fr"
        )
        saved_search_confirm(token=token)
    document = publish_document(symbol="MC/7801", title="Pelican report")
    # Made public a while ago (the scan looks only at what has settled), saved before that.
    now = timezone.now()
    SearchEntry.objects.filter(key=document.key).update(public_since=now - dt.timedelta(minutes=5))
    SavedSearch.objects.update(checked_until=now - dt.timedelta(minutes=10))
    worker = start_worker(
        redis_url=redis_url,
        mail_dir=tmp_path / "mail",
        log=tmp_path / "w.log",
        queue=tmp_path.name,
        concurrency=2,
    )
    try:
        for _ in range(3):
            broker.send_task("meetings.reminders.scan", queue=tmp_path.name)
        sent = lambda: Delivery.objects.filter(state="sent").count()  # noqa: E731
        assert wait_until(lambda: sent() == 3, 60), (tmp_path / "w.log").read_text()[-3000:]
        for _ in range(2):  # late duplicates
            broker.send_task("meetings.reminders.scan", queue=tmp_path.name)
        time.sleep(3)
    finally:
        stop(worker)
    assert sorted(recipients(tmp_path / "mail")) == [f"a{i}@example.org" for i in range(3)]
    assert Delivery.objects.filter(kind="alert").count() == 3
    assert set(SavedSearch.objects.values_list("checked_until", flat=True)) != {None}
