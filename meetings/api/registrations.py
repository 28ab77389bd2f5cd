"""Registrations of delegations through the API, under /api/v1/registrations/.

A mission's token (governance.api.authentication) reads and writes its own mission's
registrations, so that a ministry's own system can register and submit; another mission's answer
as records that do not exist (404). The secretariat's staff with the view permission on
registrations read all of them (they check them in the admin). Every write is a call of the
services the portal calls (meetings.services.registrations): the rules live there once.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as ModelValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from config.throttling import AnonRateThrottleFailOpen, MissionRateThrottleFailOpen
from governance.api.authentication import MissionTokenAuthentication
from governance.models import MissionToken
from meetings.models import Delegate, Registration, RegistrationEvent, Session
from meetings.models.enums import DelegatePosition, RegistrationStatus
from meetings.services import registrations as service


def reads_all_registrations(user) -> bool:
    """The secretariat's staff with the view permission on registrations."""
    return bool(
        user
        and user.is_authenticated
        and user.is_staff
        and user.has_perm("meetings.view_registration")
    )


class RegistrationAccess(BasePermission):
    """A mission's token: its own registrations (the queryset is its mission's). The
    secretariat: every registration, to read. Anyone else: refused."""

    def has_permission(self, request, view) -> bool:
        if isinstance(request.auth, MissionToken):
            return True
        if reads_all_registrations(request.user):
            self.message = _(
                "The secretariat reads registrations here; it checks them in the admin."
            )
            return request.method in SAFE_METHODS
        self.message = _(
            "Registrations are read and written with a mission's API token "
            "(Authorization: Bearer <token>), or read by the secretariat."
        )
        return False


# --- what is written ---------------------------------------------------------------------------


class DelegateSerializer(serializers.ModelSerializer):
    """One person of the delegation, in the rules' words: head, representative, alternate,
    adviser."""

    position = serializers.ChoiceField(choices=DelegatePosition.choices)

    class Meta:
        model = Delegate
        fields = ["id", "position", "honorific", "name", "functional_title", "email"]
        read_only_fields = ["id"]
        # The one-head and one-delegation-per-person rules are the service's (with its messages).
        validators: list = []


class LetterSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="letter_name")
    media_type = serializers.CharField(source="letter_media_type")
    size = serializers.IntegerField(source="letter_size", allow_null=True)
    sha256 = serializers.CharField(source="letter_sha256")

    class Meta:
        model = Registration
        fields = ["name", "media_type", "size", "sha256"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegistrationEvent
        fields = ["at", "kind", "is_amendment", "text"]
        read_only_fields = fields


class MissionSerializer(serializers.Serializer):
    key = serializers.CharField(source="entity.key")
    name = serializers.CharField(source="entity.short_name")
    kind = serializers.CharField(help_text="member_state, observer_state or observer_organization")


class RegistrationSerializer(serializers.ModelSerializer):
    """A mission's delegation to a session: its delegates, its letter (null until uploaded),
    where it stands, and its history (changes after submission are amendments)."""

    session: serializers.SlugRelatedField[Session] = serializers.SlugRelatedField(
        slug_field="key", read_only=True
    )
    mission = MissionSerializer(read_only=True)
    letter = serializers.SerializerMethodField()
    letter_needed = serializers.SerializerMethodField()
    delegates = DelegateSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "session",
            "mission",
            "status",
            "credentials",
            "return_reason",
            "submitted_at",
            "letter_needed",
            "letter",
            "delegates",
            "events",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(LetterSerializer(allow_null=True))
    def get_letter(self, obj: Registration) -> dict | None:
        return LetterSerializer(obj).data if obj.letter else None

    def get_letter_needed(self, obj: Registration) -> str:
        """credentials, note_verbale or nomination: what this mission must upload."""
        return service.letter_needed(obj)


class RegistrationCreateSerializer(serializers.Serializer):
    session = serializers.SlugRelatedField(
        slug_field="key",
        queryset=Session.objects.public().filter(registration_period__isnull=False),
        help_text="The session's key; the secretariat must have opened its registration.",
    )
    delegates = DelegateSerializer(many=True, required=False)


class LetterUploadSerializer(serializers.Serializer):
    letter = serializers.FileField(
        help_text="The credentials letter, note verbale or nomination letter: a PDF, or a scan as "
        "PNG or JPEG, checked from its content; at most the registration period's limit."
    )


# --- the endpoints -----------------------------------------------------------------------------


class RegistrationFilter(filters.FilterSet):
    session = filters.CharFilter(field_name="session__key", help_text="A session's key.")
    mission = filters.CharFilter(
        field_name="mission__entity__key",
        help_text="The key of the mission's State or organization.",
    )
    status = filters.ChoiceFilter(choices=RegistrationStatus.choices)

    class Meta:
        model = Registration
        fields = ["session", "mission", "status"]


ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The registration's id.")
DELEGATE_ID = OpenApiParameter(
    "delegate_id", int, OpenApiParameter.PATH, description="The delegate's id."
)
# The schema is English (like the rest of the description): not a translated string.
REFUSED = (
    "Refused (400) with the reason in the request's language, and nothing changes, when "
    "registration is not open, the registration was withdrawn, or the request breaks a rule."
)


@extend_schema_view(
    list=extend_schema(
        description="A mission's token: its own registrations. The secretariat: all of them."
    ),
    retrieve=extend_schema(parameters=[ID]),
)
class RegistrationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    authentication_classes = [
        MissionTokenAuthentication,
        TokenAuthentication,
        SessionAuthentication,
    ]
    permission_classes = [RegistrationAccess]
    throttle_classes = [AnonRateThrottleFailOpen, MissionRateThrottleFailOpen]
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = RegistrationFilter
    serializer_class = RegistrationSerializer
    parser_classes = [JSONParser]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        queryset = (
            Registration.objects.select_related("session__registration_period", "mission__entity")
            .prefetch_related(
                "mission__entity__memberships",
                Prefetch("delegates", queryset=Delegate.objects.order_by("pk")),
                Prefetch("events", queryset=RegistrationEvent.objects.order_by("at", "pk")),
            )
            .order_by("session__start_date", "mission__entity__short_name", "pk")
        )
        token = self.request.auth
        if isinstance(token, MissionToken):
            # Another mission's registrations answer as ones that do not exist.
            return queryset.filter(mission_id=token.mission_id)
        return queryset

    def _answer(self, registration: Registration, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=registration.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def _own(self) -> Registration:
        """The registration of the path, of the token's own mission (404 otherwise)."""
        return self.get_object()

    @extend_schema(
        request=RegistrationCreateSerializer,
        responses={201: RegistrationSerializer},
        description="Register the mission's delegation to a session, with its delegates (all "
        "or none are stored). A mission has one registration a session: when it has one "
        "already (begun on the portal, say), find it with `?session=<key>` and amend it. "
        + REFUSED,
    )
    def create(self, request, *args, **kwargs):
        data = RegistrationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delegates = data.validated_data.get("delegates", [])
        try:
            registration = service.registration_create(
                session=data.validated_data["session"],
                mission=request.auth.mission,
                delegates=[dict(d) for d in delegates],
                by=request.user,
            )
        except service.DelegateRefused as refused:
            messages: list[dict] = [{} for _each in delegates]
            messages[refused.index] = _detail(refused)
            raise ValidationError({"delegates": messages}) from refused
        return self._answer(registration, status.HTTP_201_CREATED)

    @extend_schema(
        methods=["POST"],
        parameters=[ID],
        request=DelegateSerializer,
        responses={201: RegistrationSerializer},
        description="Add a person to the delegation (an amendment once submitted). A person "
        "already in this or another delegation to the session, or a second head, is refused. "
        + REFUSED,
    )
    @action(detail=True, methods=["post"], url_path="delegates")
    def delegates(self, request, pk=None):
        registration = self._own()
        data = DelegateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service.delegate_add(registration=registration, by=request.user, **data.validated_data)
        return self._answer(registration, status.HTTP_201_CREATED)

    @extend_schema(
        methods=["DELETE"],
        parameters=[ID, DELEGATE_ID],
        request=None,
        responses={200: RegistrationSerializer},
        description="Take a person out of the delegation (an amendment once submitted). " + REFUSED,
    )
    @action(detail=True, methods=["delete"], url_path=r"delegates/(?P<delegate_id>[0-9]+)")
    def delegate_remove(self, request, pk=None, delegate_id=None):
        registration = self._own()
        delegate = get_object_or_404(Delegate, pk=delegate_id, registration=registration)
        service.delegate_remove(delegate=delegate, by=request.user)
        return self._answer(registration)

    @extend_schema(
        methods=["POST"],
        parameters=[ID],
        request={"multipart/form-data": LetterUploadSerializer},
        responses={200: RegistrationSerializer},
        description="Store the delegation's letter in place of any earlier one (an amendment "
        "once submitted). A file that is not a PDF, PNG or JPEG by its content, or over the "
        "period's size limit, is refused. " + REFUSED,
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def letter(self, request, pk=None):
        registration = self._own()
        data = LetterUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["letter"]
        service.registration_letter_attach(
            registration=registration,
            name=upload.name,
            content=upload,
            size=upload.size,
            by=request.user,
        )
        return self._answer(registration)

    @extend_schema(
        methods=["POST"],
        parameters=[ID],
        request=None,
        responses={200: RegistrationSerializer},
        description="Submit the registration to the secretariat: it needs a head of delegation "
        "and the letter. " + REFUSED,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        registration = self._own()
        service.registration_submit(registration=registration, by=request.user)
        return self._answer(registration)

    @extend_schema(
        methods=["POST"],
        parameters=[ID],
        request=None,
        responses={200: RegistrationSerializer},
        description="Withdraw the registration (the secretariat is told).",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        registration = self._own()
        service.registration_withdraw(registration=registration, by=request.user)
        return self._answer(registration)


def _detail(error: ModelValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {"non_field_errors": error.messages}
