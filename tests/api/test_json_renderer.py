"""The API's orjson renderer writes the bytes DRF's own JSONRenderer writes."""

import datetime as dt

import pytest
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st
from rest_framework import renderers
from rest_framework.test import APIClient

from config.renderers import JSONRenderer
from meetings.models import Session
from tests.api.test_query_counts import LISTS

DRF = renderers.JSONRenderer()
OURS = JSONRenderer()

# The API writes no floats (orjson spells some exponents differently: 1.5e-7, not 1.5e-07).
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.text()
    | st.sampled_from(["line\u2028separator", "para\u2029separator", "é ü 中 🙂"])
    | st.dates()
    | st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=2))]))
    | st.times()
    | st.uuids()
    | st.decimals(allow_nan=False, allow_infinity=False, places=3)
    | st.just(gettext_lazy("Council"))
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.integers(0, 9), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(documents)
def test_any_api_shaped_data_is_written_byte_for_byte_as_drf_writes_it(data):
    assert OURS.render(data) == DRF.render(data)


def test_integers_beyond_64_bits_fall_back_to_the_json_module():
    assert OURS.render({"n": 2**70}) == DRF.render({"n": 2**70}) == b'{"n":1180591620717411303424}'


def test_indented_output_asked_for_by_a_client_is_drf_s_own():
    media = "application/json; indent=2"
    assert OURS.render({"a": [1]}, media, {}) == DRF.render({"a": [1]}, media, {})


@pytest.mark.django_db
def test_every_list_and_a_session_read_through_the_api_are_drf_s_bytes(seeded):
    api = APIClient()
    paths = [*LISTS, f"/api/v1/sessions/{Session.objects.public().first().key}/"]
    for path in paths:
        response = api.get(path)
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        assert response.content == DRF.render(response.data), path
