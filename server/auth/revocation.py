"""The entries removal and logout add to the directory's list of revoked tokens.

One list serves three purposes, each under its own kind of key: a token id (logout of one
sign-in), a guest id (every token of a removed guest), and an invite together with a user
(that user may not come back through that invite). Token ids and record ids never contain a
space, so the keys cannot collide."""

from __future__ import annotations


def guest_key(guest_id: str) -> str:
    return f"guest {guest_id}"


def invite_key(invite_id: str, user_id: str) -> str:
    return f"invite {invite_id} {user_id}"
