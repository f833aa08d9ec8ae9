# 1 Dec 2026, 14:05: day first, the month in letters, so no reader takes 1/12 for January.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
