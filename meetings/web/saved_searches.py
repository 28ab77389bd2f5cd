"""Saved searches with alerts: save one from a search (confirmed by e-mail), confirm it, and the
page that lists a subscriber's saved searches and removes them (reached from every alert and
from the unsubscribe page, by the subscriber's signed link)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from governance.models import Body
from meetings.models.reminders import DeliveryMode
from meetings.models.saved_searches import QUERY_MAX_LENGTH, AlertKind
from meetings.reminders import saved_searches, subscriptions
from meetings.reminders.views import confirmation_sent, delivery_mode_field


class SavedSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search"),
        # Empty or too long: the service's own messages (clean_q), not the generic ones.
        required=False,
        strip=True,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Tell me of"),
        choices=[("", gettext_lazy("Documents, sessions and decisions")), *AlertKind.choices],
        required=False,
    )
    body = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=settings.LANGUAGES,
        help_text=gettext_lazy("For a new address; one already subscribed keeps its own."),
    )
    mode = delivery_mode_field()

    def clean_q(self) -> str:
        try:
            return saved_searches.saved_search_clean_query(self.cleaned_data["q"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None

    def clean_body(self) -> Body | None:
        value = self.cleaned_data["body"]
        if not value:
            return None
        body = Body.objects.filter(Q(key=value) | Q(acronym__iexact=value)).first()
        if body is None:
            raise forms.ValidationError(_("There is no such body."))
        return body


@require_http_methods(["GET", "POST"])
def search_alert(request: HttpRequest) -> HttpResponse:
    """Save a search and be told of new results: the answer is the same for every address (as
    the subscribe page's), so it tells nobody which addresses are subscribed."""
    if request.method == "POST":
        form = SavedSearchForm(request.POST)
    else:
        form = SavedSearchForm(
            initial={
                "q": request.GET.get("q", "")[:QUERY_MAX_LENGTH],
                "kind": request.GET.get("kind", "")
                if request.GET.get("kind") in AlertKind.values
                else "",
                "body": request.GET.get("body", "")[:80],
                "language": get_language() or settings.LANGUAGE_CODE,
            }
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return confirmation_sent(
            request,
            email=data["email"],
            send=lambda email: _request_confirmation(request, email=email, data=data),
        )
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/saved_searches/new.html", {"form": form}, status=status)


def _request_confirmation(request: HttpRequest, *, email: str, data: dict) -> None:
    saved_search, token = saved_searches.saved_search_create(
        email=email,
        query=data["q"],
        kind=data["kind"],
        body=data["body"],
        language=data["language"],
        mode=data["mode"] or DeliveryMode.IMMEDIATE,
    )
    link = request.build_absolute_uri(reverse("meetings:search-alert-confirm", args=[token]))
    send_mail(
        _("Confirm your saved search"),
        _(
            "Open this link to be told by e-mail of new results for %(search)s:\n%(link)s\n\nNothing changes until you open it; it works for %(days)d days. If you did not ask for this, ignore this message."
        )
        % {"search": saved_search.query, "link": link, "days": subscriptions.CONFIRMATION_DAYS},
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )


@require_http_methods(["GET", "POST"])
def search_alert_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link shows a button; only pressing it (a POST) confirms (a mail scanner that
    follows every link confirms nothing)."""
    invalid = _("This confirmation link is not valid (it may be old).")
    if request.method == "POST":
        try:
            saved_search = saved_searches.saved_search_confirm(token=token)
        except ValidationError as error:
            return render(
                request,
                "meetings/subscriptions/invalid_link.html",
                {"message": " ".join(error.messages)},
                status=409,
            )
        if saved_search is None:
            return _invalid_link(request, invalid)
        response = render(
            request,
            "meetings/saved_searches/confirmed.html",
            {
                "saved_search": saved_search,
                "token": subscriptions.unsubscribe_token(saved_search.subscriber),
            },
        )
        response["Cache-Control"] = "no-store"
        return response
    saved_search = saved_searches.saved_search_by_token(token)
    if saved_search is None:
        return _invalid_link(request, invalid)
    response = render(
        request,
        "meetings/saved_searches/confirm.html",
        {"token": token, "saved_search": saved_search},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def search_alerts_manage(request: HttpRequest, token: str) -> HttpResponse:
    """A subscriber's saved searches, each with a button that removes it."""
    subscriber = subscriptions.subscriber_by_unsubscribe_token(token)
    if subscriber is None:
        return _invalid_link(request, _("This link to your saved searches is not valid."))
    if request.method == "POST":
        pk = _int(request.POST.get("saved_search"))
        saved_search = subscriber.saved_searches.filter(pk=pk, active=True).first() if pk else None
        if saved_search is not None:
            saved_searches.saved_search_remove(saved_search=saved_search)
        # Removed, or removed already (a second click): the list, as it now is.
        return redirect(reverse("meetings:search-alerts-manage", args=[token]) + "?removed=1")
    response = render(
        request,
        "meetings/saved_searches/manage.html",
        {
            "token": token,
            "saved_searches": saved_searches.saved_searches_of(subscriber),
            "removed": request.GET.get("removed") == "1",
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


def _invalid_link(request: HttpRequest, message: str) -> HttpResponse:
    return render(
        request, "meetings/subscriptions/invalid_link.html", {"message": message}, status=404
    )
