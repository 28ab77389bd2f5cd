"""Public pages."""

from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.home, name="home"),
    path("sessions/<slug:key>/", views.session_detail, name="session-detail"),
    path("bodies/<slug:key>/", views.body_detail, name="body-detail"),
    path("documents/<path:key>/", views.document_detail, name="document-detail"),
]
