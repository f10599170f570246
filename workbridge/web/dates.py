"""Dates as pages show them: the language's one format (see workbridge/formats).

Templates write ``{{ value|date:"DATE_FORMAT" }}``; code that draws HTML itself (the long
tables drawn without the template engine) uses ``DateTexts``, which writes each distinct
date once per table. Machine formats (exports, calendars, the API, file names) stay ISO.
"""

from datetime import date

from django.utils.formats import date_format


class DateTexts:
    """Dates written in the current language's DATE_FORMAT, each distinct date once."""

    def __init__(self) -> None:
        self.written: dict[date, str] = {}

    def __call__(self, value: date) -> str:
        text = self.written.get(value)
        if text is None:
            text = self.written[value] = date_format(value, "DATE_FORMAT")
        return text
