"""How Spanish pages write dates: one form everywhere, "28 dic 2026".

Day, month and year in the order Spanish readers use, with the month as a lower-case
abbreviation (the usual Spanish spelling of month names), so the date cannot be read the
wrong way round as 28/12 and 12/28 can. A time, where one is shown, follows as
"28 dic 2026, 14:05". Date inputs and machine formats (exports, calendars, the API, file
names) keep ISO 8601, so forms read "2026-12-28" first and the browser's date picker
gets the value it expects.
"""

DATE_FORMAT = "j b Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "j b Y, H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "j b"
YEAR_MONTH_FORMAT = "F \\d\\e Y"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
