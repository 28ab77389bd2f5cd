"""The REST API, version 1."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.parsers import MultiPartParser
from rest_framework.routers import DefaultRouter

from governance.api import views as governance
from meetings.api import documents, registrations, search, secretariat
from meetings.api import views as meetings

SWAGGER_CDN = "https://cdn.jsdelivr.net"

router = DefaultRouter()
router.register("bodies", governance.BodyViewSet, basename="body")
router.register("entities", governance.EntityViewSet, basename="entity")
router.register("memberships", governance.MembershipViewSet, basename="membership")
router.register(
    "membership-figures", governance.MembershipFigureViewSet, basename="membership-figure"
)
router.register("people", governance.PersonViewSet, basename="person")
router.register("documents", documents.DocumentViewSet, basename="document")
router.register("sessions", meetings.SessionViewSet, basename="session")
router.register("decisions", meetings.DecisionViewSet, basename="decision")
router.register("resolutions", meetings.ResolutionViewSet, basename="resolution")
router.register("offices", meetings.OfficeViewSet, basename="office")
router.register("tombstones", meetings.TombstoneViewSet, basename="tombstone")
router.register("registrations", registrations.RegistrationViewSet, basename="registration")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI loads its assets from a CDN and starts with an inline script.
    path(
        "docs/",
        csp_update(
            {
                "script-src": [UNSAFE_INLINE, SWAGGER_CDN],
                "style-src": [SWAGGER_CDN],
                "img-src": [SWAGGER_CDN],
            }
        )(SpectacularSwaggerView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path("search/", search.SearchView.as_view(), name="search"),
    path("planning/year/", secretariat.PlanYearView.as_view(), name="plan-year"),
    path(
        "planning/special-sessions/",
        secretariat.SpecialSessionView.as_view(),
        name="special-session",
    ),
    path("compliance/", secretariat.ComplianceView.as_view(), name="compliance"),
    path("imports/<str:kind>/", secretariat.CsvImportView.as_view(), name="csv-import"),
    path("exports/<str:kind>/", secretariat.CsvExportView.as_view(), name="csv-export"),
    path(
        "sessions/<slug:key>/agenda-states/",
        secretariat.AgendaStateView.as_view(),
        name="agenda-state",
    ),
    path("sessions/<slug:key>/draft/", secretariat.DraftView.as_view(), name="session-draft"),
    # Before the router's document routes, whose key (with slashes) would take this whole path.
    re_path(
        rf"^documents/(?P<key>{documents.DocumentViewSet.lookup_value_regex})"
        r"/versions/(?P<language>[a-z]{2})/file/$",
        documents.DocumentViewSet.as_view(
            {"post": "version_file", "delete": "remove_version_file"},
            parser_classes=[MultiPartParser],
        ),
        name="document-version-file",
    ),
    *router.urls,
]
