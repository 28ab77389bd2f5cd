"""API throttling that fails open: when Redis (the cache) is down, reads are still served."""

from __future__ import annotations

import logging

from rest_framework.throttling import AnonRateThrottle

from config.middleware import SERVICE_ERRORS

logger = logging.getLogger(__name__)


class AnonRateThrottleFailOpen(AnonRateThrottle):
    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except SERVICE_ERRORS:
            logger.warning("API throttle skipped: the cache is unreachable")
            return True
