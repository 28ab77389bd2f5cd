"""Under CI=true the suite runs on the real services, never on the embedded defaults."""

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import IN_CI


@pytest.mark.skipif(not IN_CI, reason="only meaningful under CI=true")
def test_ci_runs_on_postgresql_and_redis():
    assert connection.vendor == "postgresql"
    assert settings.REDIS_URL.startswith("redis://")
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
