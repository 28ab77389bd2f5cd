"""Public pages and feeds (feeds first: they are the hottest path)."""

from django.urls import path, re_path

from meetings.reminders import views as views_subscriptions
from meetings.web import feed_views as views_feeds
from meetings.web import files as views_files
from meetings.web import participants, saved_searches, search, views

app_name = "meetings"

urlpatterns = [
    path("feeds/sessions.ics", views_feeds.all_sessions, name="feed-all"),
    path("feeds/bodies/<slug:key>.ics", views_feeds.body_sessions, name="feed-body"),
    path("feeds/p/<str:token>.ics", views_feeds.personal, name="feed-personal"),
    path(
        "feeds/sessions/<slug:key>/meetings.ics",
        views_feeds.session_meetings,
        name="feed-session-meetings",
    ),
    path("sessions/<slug:key>.ics", views_feeds.session_single, name="session-ics"),
    path("feeds/personal/", views_feeds.personal_feed_new, name="personal-feed-new"),
    path(
        "feeds/personal/<str:token>/", views_feeds.personal_feed_manage, name="personal-feed-manage"
    ),
    path("", views.home, name="home"),
    path("language/", views.set_language, name="set-language"),
    path("calendar/", views.calendar, name="calendar"),
    path("sessions/<slug:key>/", views.session_detail, name="session-detail"),
    path("sessions/<slug:key>/participants/", participants.participants, name="participants"),
    path(
        "sessions/<slug:key>/participants.csv",
        participants.participants_csv,
        name="participants-csv",
    ),
    path(
        "sessions/<slug:key>/participants.pdf",
        participants.participants_pdf,
        name="participants-pdf",
    ),
    path(
        "sessions/<slug:key>/documents-<str:language>.zip",
        views_files.session_package,
        name="session-package",
    ),
    path("bodies/", views.bodies, name="bodies"),
    path("bodies/<slug:key>/", views.body_detail, name="body-detail"),
    path("members/", views.members, name="members"),
    path("documents/", views.documents, name="documents"),
    # Before the document pages: a key has slashes (MC/2216/Corr.1), and the file's URL has none
    # at its end.
    re_path(
        r"^documents/(?P<key>.+)/(?P<language>[a-z]{2})/file$",
        views_files.document_file,
        name="document-file",
    ),
    path("documents/<path:key>/", views.document_detail, name="document-detail"),
    path("resolutions/", views.resolutions, name="resolutions"),
    path("search/", search.search_page, name="search"),
    path("subscribe/", views_subscriptions.subscribe, name="subscribe"),
    path(
        "subscribe/confirm/<str:token>/",
        views_subscriptions.subscribe_confirm,
        name="subscribe-confirm",
    ),
    path("unsubscribe/<str:token>/", views_subscriptions.unsubscribe, name="unsubscribe"),
    path("search/alerts/", saved_searches.search_alert, name="search-alert"),
    path(
        "search/alerts/confirm/<str:token>/",
        saved_searches.search_alert_confirm,
        name="search-alert-confirm",
    ),
    path(
        "search/alerts/manage/<str:token>/",
        saved_searches.search_alerts_manage,
        name="search-alerts-manage",
    ),
]
