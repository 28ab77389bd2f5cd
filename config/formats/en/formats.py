"""English dates as the organization writes them ("17 June 2008", "2-5 December 2008"), the same
style as French and Spanish (Django's own English is "June 17, 2008")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
