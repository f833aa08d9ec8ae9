"""Texts Django's admin shows that its own Chinese catalogue lacks (Django 5.2): marked here so that
``makemessages`` carries them into ours, which ``LOCALE_PATHS`` puts first. A test fails once Django
translates one, so that this list only ever holds Django's gaps."""

from django.utils.translation import gettext_noop

DJANGO_GAPS = (
    gettext_noop("Model name"),  # the hidden header of the admin index's tables, read by screen readers
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
)
