"""The API's one exception handler: a model's ValidationError (raised by full_clean in a service)
is the client's mistake, answered 400 with the messages by field as DRF writes its own."""

from __future__ import annotations

from django.core.exceptions import ValidationError as ModelValidationError
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    if isinstance(exc, ModelValidationError):
        # message_dict when raised by field, the messages alone otherwise.
        detail = getattr(exc, "message_dict", {api_settings.NON_FIELD_ERRORS_KEY: exc.messages})
        exc = exceptions.ValidationError(detail)
    return exception_handler(exc, context)
