"""Celery tasks: thin wrappers that take ids and call the reminder services."""

from __future__ import annotations

import socket

from celery import shared_task

from meetings.reminders import delivery as reminders

BATCH = 200


@shared_task(name="meetings.reminders.scan", ignore_result=True)
def scan_task() -> int:
    """Periodic (Celery beat, on the scan queue: CELERY_TASK_ROUTES): plan and claim what is due,
    then fan out sending in batches, each carrying the token of the claim that holds its rows."""
    worker = f"{socket.gethostname()}:scan"
    claim = reminders.claim_token(worker=worker)
    claimed = reminders.scan(claim=claim)
    total = 0
    while claimed:
        for batch in reminders.deliveries_batches(claimed, BATCH):
            send_batch_task.delay(batch, claim)
        total += len(claimed)
        # A claim takes at most CLAIM_LIMIT rows: claim again until nothing due is left,
        # rather than leaving the rest for the next tick.
        if len(claimed) < reminders.CLAIM_LIMIT:
            break
        claim = reminders.claim_token(worker=worker)
        claimed = reminders.deliveries_claim(claim=claim)
    return total


@shared_task(name="meetings.noop", ignore_result=True)
def noop_task() -> None:
    """An empty task: the benchmark's anchor for the broker's own speed."""


@shared_task(name="meetings.reminders.send_batch", ignore_result=True, acks_late=True)
def send_batch_task(delivery_ids: list[int], claim: str) -> None:
    # Rows carry their own retry time; a lost task's claims are retaken by a later scan, and a
    # batch that arrives after its rows were retaken sends none of them (see deliveries_send).
    reminders.deliveries_send(delivery_ids=delivery_ids, claim=claim)
