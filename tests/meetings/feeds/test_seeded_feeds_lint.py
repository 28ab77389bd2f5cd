"""The linter passes on every feed the seeded data produces."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_every_seeded_feed_passes_the_linter(seeded):
    out = StringIO()
    call_command("lint_feeds", stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert last.endswith(" 0 problems.") and int(last.split()[0]) > 100
