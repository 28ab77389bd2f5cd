from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Calendar")

    def ready(self) -> None:
        from meetings.receivers import connect  # noqa: F401  (connects the signal receivers)
        from meetings.services.search_index import register

        register()  # the calendar's records in the search index's rebuild
