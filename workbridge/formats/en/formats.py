"""How English pages write dates: one form everywhere, "Dec 28, 2026".

The month is written as a word, so the date cannot be read the wrong way round (12/01 is
December 1st in Chicago but January 12th to many of the people a programme serves), and
the order is the one American readers expect. A time, where one is shown, follows as
"Dec 28, 2026, 14:05". Date inputs and machine formats (exports, calendars, the API, file
names) keep ISO 8601, so forms read "2026-12-28" first.
"""

DATE_FORMAT = "M j, Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "M j, Y, H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "M j"
YEAR_MONTH_FORMAT = "F Y"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
