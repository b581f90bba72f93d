"""Weak sets of the rooms, documents and connections still in memory, process-wide.

They count objects, not registrations: an unloaded room that something still references
stays counted until it is freed, so a leak shows up as a count that does not fall back
(`/metrics`: `codesync_live_rooms`, `codesync_live_docs`, `codesync_live_peers`).
"""

from __future__ import annotations

import weakref
from typing import Any

rooms: weakref.WeakSet[Any] = weakref.WeakSet()
docs: weakref.WeakSet[Any] = weakref.WeakSet()
peers: weakref.WeakSet[Any] = weakref.WeakSet()
