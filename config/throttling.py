"""API throttling: DRF's AnonRateThrottle, its history of a client's requests in the cache (Redis
in production, so every server process counts together), the client named by DRF's rule with
NUM_PROXIES (set from TRUSTED_PROXY_COUNT, as for the login lockout: config/lockout.py).

It fails open: when Redis is down, reads are still served.
"""

from __future__ import annotations

import logging

from rest_framework import throttling

from config.middleware import SERVICE_ERRORS

logger = logging.getLogger(__name__)


class AnonRateThrottleFailOpen(throttling.AnonRateThrottle):
    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except SERVICE_ERRORS:
            logger.warning("API throttle skipped: the cache is unreachable")
            return True


class MissionRateThrottleFailOpen(throttling.SimpleRateThrottle):
    """A mission's API token: its requests counted per token (scope "mission",
    API_MISSION_RATE), so one ministry's runaway system cannot crowd out the others."""

    scope = "mission"

    def get_cache_key(self, request, view) -> str | None:  # noqa: ARG002 (DRF's signature)
        token = request.auth
        # A MissionToken (governance.models) has a mission; DRF's user tokens do not.
        if getattr(token, "mission_id", None) is None:
            return None  # not a mission's request: the anonymous throttle's, or none
        return self.cache_format % {"scope": self.scope, "ident": token.pk}

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except SERVICE_ERRORS:
            logger.warning("API throttle skipped: the cache is unreachable")
            return True
