"""The envelope's ``code`` values (spec section 1)."""

OK = 0
ERROR = -1
NOT_LOGGED_IN = 1001
NOT_AUTHORIZED = 1002
