import logging


class QuietForbidden(logging.Filter):
    """A 403 is someone reaching for what is not theirs, not a bug: one line, no traceback."""

    def filter(self, record):
        if getattr(record, "status_code", None) == 403:
            record.exc_info, record.exc_text = None, None
        return True
