"""The REST API, version 1."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from governance.api import views as governance
from meetings.api import documents
from meetings.api import views as meetings

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

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
