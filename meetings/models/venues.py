"""Venues: where sessions and meetings are held, named in the three languages, with the time
zone their times are in."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.domain.countries import country_name
from governance.domain.languages import ORIGINAL, in_language, language_code, place_label
from governance.models.base import TimeStamped
from governance.validators import validate_single_line

DEFAULT_TIMEZONE = "Europe/Zurich"


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("'%(tz)s' is not a known time zone (e.g. Europe/Zurich)."), params={"tz": value}
        ) from error


class Venue(TimeStamped):
    """A place sessions and meetings are held, named in the three languages."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    name_fr = models.CharField(
        _("French name"), max_length=200, blank=True, validators=[validate_single_line]
    )
    name_es = models.CharField(
        _("Spanish name"), max_length=200, blank=True, validators=[validate_single_line]
    )
    city = models.CharField(
        _("city"), max_length=100, blank=True, validators=[validate_single_line]
    )
    city_fr = models.CharField(
        _("city in French"), max_length=100, blank=True, validators=[validate_single_line]
    )
    city_es = models.CharField(
        _("city in Spanish"), max_length=100, blank=True, validators=[validate_single_line]
    )
    country = models.CharField(
        _("country"), max_length=100, blank=True, validators=[validate_single_line]
    )
    country_code = models.CharField(
        _("country code"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters (ISO 3166-1), e.g. CH."))],
        help_text=_(
            "ISO 3166-1 alpha-2: the country's name in French and Spanish comes from CLDR."
        ),
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_TIMEZONE, validators=[validate_timezone]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self) -> str:
        return place_label(self.name, self.city)

    def label_in(self, lang: str) -> tuple[str, str]:
        """The venue as named in ``lang`` ("Genève", "Sede de las Naciones Unidas, Nueva York")
        and the language it is given in: without its name in ``lang`` it falls back whole to
        English, never half and half."""
        name, name_lang = in_language(self, "name", lang)
        if name_lang == ORIGINAL:
            return str(self), ORIGINAL
        city, _city_lang = in_language(self, "city", lang)
        return place_label(name, city), name_lang

    def country_in(self, lang: str) -> str:
        """The country's name in ``lang`` from CLDR by its code, else as stored."""
        return country_name(self.country_code, language_code(lang)) or self.country
