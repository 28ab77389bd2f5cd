"""One exception handler maps a model's ValidationError, raised by a service, to DRF's 400."""

import pytest
from django.core.exceptions import ValidationError

from config.api_errors import api_exception_handler


def test_a_model_error_by_field_is_a_400_naming_the_field():
    response = api_exception_handler(ValidationError({"end_date": "Too early."}), {})
    assert (response.status_code, response.data) == (400, {"end_date": ["Too early."]})


def test_a_model_error_without_a_field_is_a_400_under_non_field_errors():
    response = api_exception_handler(ValidationError("Cancelled sessions cannot be confirmed."), {})
    assert (response.status_code, response.data) == (
        400,
        {"non_field_errors": ["Cancelled sessions cannot be confirmed."]},
    )


def test_other_exceptions_are_left_to_django():
    assert api_exception_handler(KeyError("x"), {}) is None


@pytest.mark.parametrize(
    ("language", "detail"),
    [("en", "Not found."), ("fr", "Non trouvé."), ("es", "No encontrado.")],
)
def test_an_api_url_no_route_matches_is_a_json_404_in_the_clients_language(
    client, language, detail
):
    response = client.get("/api/v1/no-such-resource/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": detail}


def test_a_page_url_no_route_matches_is_still_the_sites_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
