"""Which passwords an account may have (NIST SP 800-63B, 5.1.1.2): at least 8 characters, at
most 256, and not one of the commonly used or breached passwords. The list is zxcvbn's
(MIT): the 30,000 most frequent passwords of public breach corpora."""

from __future__ import annotations

from functools import cache

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256


@cache
def _common() -> frozenset[str]:
    # Imported on first use: the module is a 1 MB table of word lists.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str) -> str | None:
    """A sentence saying why `password` is refused, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"must be at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"must be at most {MAX_PASSWORD_LENGTH} characters"
    if password.lower() in _common():
        return "is one of the most common passwords (found in breaches); choose another"
    return None
