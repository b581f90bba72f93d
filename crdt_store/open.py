from __future__ import annotations

import importlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

from crdt_store.backend import Backend

# Backends are imported only when chosen, so optional drivers stay optional.
_BACKENDS = {
    "sqlite": "crdt_store.sqlite:SQLiteBackend",
    "memory": "crdt_store.memory:MemoryBackend",
    "mongodb": "crdt_store.mongo:MongoBackend",
    "mongodb+srv": "crdt_store.mongo:MongoBackend",
}
# The optional dependency group that installs a backend's driver.
_EXTRAS = {"mongodb": "mongo", "mongodb+srv": "mongo"}


class UnknownStoreURL(ValueError):
    pass


def open_backend(url: str) -> Backend:
    """Build (but do not open) the backend a URL names: `sqlite:///path`, `memory://`,
    `mongodb://host/dbname` (or `mongodb+srv://`)."""
    scheme = urlsplit(url).scheme
    target = _BACKENDS.get(scheme)
    if target is None:
        known = ", ".join(f"{name}://" for name in sorted(_BACKENDS))
        raise UnknownStoreURL(
            f"unsupported database URL scheme {scheme!r}; expected one of {known}"
        )
    module_name, attribute = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name is None or error.name.startswith("crdt_store"):
            raise
        extra = _EXTRAS.get(scheme, scheme)
        raise UnknownStoreURL(
            f"{scheme}:// needs the package {error.name!r}: pip install 'codesync[{extra}]'"
        ) from error
    factory = getattr(module, attribute)
    backend: Backend = factory.from_url(url)
    return backend


def sqlite_path(url: str) -> Path:
    """`sqlite:///relative/path` or `sqlite:////absolute/path` (the SQLAlchemy convention)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or len(url) == len(prefix):
        raise UnknownStoreURL(f"a SQLite URL looks like sqlite:///path/to/file.db, not {url!r}")
    return Path(unquote(url[len(prefix) :]))
