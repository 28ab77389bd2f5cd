"""Celery tasks: thin wrappers that take ids and call the reminder services."""

from __future__ import annotations

import socket

from celery import shared_task

from . import reminders

BATCH = 200


@shared_task(name="meetings.reminders.scan", ignore_result=True)
def scan_task() -> int:
    """Periodic (Celery beat): plan and claim what is due, then fan out sending in batches."""
    worker = f"{socket.gethostname()}:scan"
    claimed = reminders.scan(worker=worker)
    total = 0
    while claimed:
        for batch in reminders.deliveries_batches(claimed, BATCH):
            send_batch_task.delay(batch, worker)
        total += len(claimed)
        # A claim takes at most CLAIM_LIMIT rows: claim again until nothing due is left,
        # rather than leaving the rest for the next tick.
        if len(claimed) < reminders.CLAIM_LIMIT:
            break
        claimed = reminders.deliveries_claim(worker=worker)
    return total


@shared_task(name="meetings.noop", ignore_result=True)
def noop_task() -> None:
    """An empty task: the benchmark's anchor for the broker's own speed."""


@shared_task(name="meetings.reminders.send_batch", ignore_result=True, acks_late=True)
def send_batch_task(delivery_ids: list[int], worker: str) -> None:
    # Rows carry their own retry time; a lost task's claims are retaken by a later scan.
    reminders.deliveries_send(delivery_ids=delivery_ids, worker=worker)
