"""A mission's API token: `Authorization: Bearer <token>` (or `Token <token>`), for the
registrations endpoints. The request then acts as the focal point who created the token, and
`request.auth` is the MissionToken (the endpoints scope what it reads to its mission)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from governance.services.missions import TOKEN_PREFIX, mission_token_authenticate


class MissionTokenAuthentication(authentication.BaseAuthentication):
    """Bearer tokens are all a mission's; a `Token` one is when it has the missions' prefix
    (any other is a user's, left to DRF's TokenAuthentication after this one)."""

    def authenticate(self, request):
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].lower() not in (b"bearer", b"token"):
            return None
        bearer = words[0].lower() == b"bearer"
        if not bearer and (len(words) != 2 or not words[1].startswith(TOKEN_PREFIX.encode())):
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as: Authorization: Bearer <token>.")
            )
        try:
            secret = words[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("This API token is not valid.")) from error
        try:
            token = mission_token_authenticate(secret=secret)
        except ValidationError as error:
            raise exceptions.AuthenticationFailed(error.messages[0]) from error
        return token.created_by, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class MissionTokenScheme(OpenApiAuthenticationExtension):
    target_class = MissionTokenAuthentication
    name = "missionToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A mission's API token, created by a focal point on the portal "
            "(/portal/api-token/): `Authorization: Bearer <token>`. It reads and writes its "
            "own mission's registrations only.",
        }
