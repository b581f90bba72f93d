"""Configuration, read once from the environment (a dict in tests) into a frozen object."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

Environment = Literal["development", "production"]

_MIN_SECRET_BYTES = 32
_SECRET_FILE = "secret_key"


class ConfigError(ValueError):
    """A setting is missing or invalid; the message names the variable."""


@dataclass(frozen=True, slots=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path("data")
    database_url: str = ""
    redis_url: str | None = None
    secret_key: str = field(default="", repr=False)
    env: Environment = "development"
    public_url: str = ""
    ice_servers: tuple[Mapping[str, object], ...] = ()
    stream_api_key: str | None = None
    stream_api_secret: str | None = field(default=None, repr=False)
    stream_video_url: str | None = None  # STREAM_BASE_URL, the getstream SDK's variable
    stream_chat_url: str | None = None  # STREAM_CHAT_URL, the stream-chat SDK's variable
    oidc_jwks_url: str | None = None
    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    # Limits of the rooms core (not part of the public contract; tests lower them).
    max_message_bytes: int = 4 * 1024 * 1024
    max_queued_bytes: int = 32 * 1024 * 1024
    max_document_bytes: int = 8 * 1024 * 1024  # CODESYNC_MAX_DOCUMENT_BYTES
    room_unload_after_s: float = 30.0
    snapshot_every: int = 500
    remote_awareness_ttl_s: float = 35.0
    retention_days: float | None = None  # ended sessions are deleted this long after the end
    sockets_per_address: int = 100  # an office behind one NAT address needs more
    ws_ping_interval_s: float = 10.0
    ws_ping_timeout_s: float = 10.0
    # `/signal`: what one peer may have queued before it is dropped, and what one connection
    # may send (a token bucket of messages and of bytes; the burst must hold a 64 KiB message).
    signal_max_queued_bytes: int = 4 * 1024 * 1024
    signal_messages_per_s: float = 50.0
    signal_message_burst: int = 200
    signal_bytes_per_s: float = 256 * 1024
    signal_byte_burst: int = 1024 * 1024
    web_dist: Path | None = None

    @property
    def store_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'codesync.db'}"

    @property
    def store_kind(self) -> str:
        return self.store_url.partition(":")[0].replace("mongodb+srv", "mongodb")

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.port}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str], **overrides: object) -> Settings:
        """Build settings from environment variables; keyword overrides (CLI flags) win."""

        def get(name: str) -> str | None:
            value = environ.get(name)
            return value if value not in (None, "") else None

        values: dict[str, object] = {}
        if (host := get("CODESYNC_HOST")) is not None:
            values["host"] = host
        if (port := get("CODESYNC_PORT")) is not None:
            values["port"] = _int("CODESYNC_PORT", port)
        if (data_dir := get("CODESYNC_DATA_DIR")) is not None:
            values["data_dir"] = Path(data_dir)
        if (url := get("CODESYNC_DATABASE_URL")) is not None:
            values["database_url"] = url
        values["redis_url"] = get("CODESYNC_REDIS_URL")
        env = get("CODESYNC_ENV") or "development"
        if env not in ("development", "production"):
            raise ConfigError(f"CODESYNC_ENV must be 'development' or 'production', not {env!r}")
        values["env"] = env
        if (public := get("CODESYNC_PUBLIC_URL")) is not None:
            values["public_url"] = public.rstrip("/")
        if (ice := get("CODESYNC_ICE_SERVERS")) is not None:
            values["ice_servers"] = _ice_servers(ice)
        values["stream_api_key"] = get("STREAM_API_KEY")
        values["stream_api_secret"] = get("STREAM_API_SECRET")
        values["stream_video_url"] = get("STREAM_BASE_URL")
        values["stream_chat_url"] = get("STREAM_CHAT_URL")
        oidc = [get(f"CODESYNC_OIDC_{name}") for name in ("JWKS_URL", "ISSUER", "AUDIENCE")]
        if any(oidc) and not all(oidc):
            raise ConfigError(
                "set all of CODESYNC_OIDC_JWKS_URL, CODESYNC_OIDC_ISSUER and"
                " CODESYNC_OIDC_AUDIENCE, or none of them"
            )
        values["oidc_jwks_url"], values["oidc_issuer"], values["oidc_audience"] = oidc
        if (per_address := get("CODESYNC_SOCKETS_PER_ADDRESS")) is not None:
            values["sockets_per_address"] = _int("CODESYNC_SOCKETS_PER_ADDRESS", per_address)
            if values["sockets_per_address"] < 1:  # type: ignore[operator]
                raise ConfigError("CODESYNC_SOCKETS_PER_ADDRESS must be at least 1")
        if (doc_bytes := get("CODESYNC_MAX_DOCUMENT_BYTES")) is not None:
            values["max_document_bytes"] = _int("CODESYNC_MAX_DOCUMENT_BYTES", doc_bytes)
            if values["max_document_bytes"] < 64 * 1024:  # type: ignore[operator]
                raise ConfigError("CODESYNC_MAX_DOCUMENT_BYTES must be at least 65536")
        if (retention := get("CODESYNC_RETENTION_DAYS")) is not None:
            try:
                values["retention_days"] = float(retention)
            except ValueError:
                raise ConfigError("CODESYNC_RETENTION_DAYS must be a number of days") from None
            if values["retention_days"] <= 0:  # type: ignore[operator]
                raise ConfigError("CODESYNC_RETENTION_DAYS must be positive")
        if (secret := get("CODESYNC_SECRET_KEY")) is not None:
            values["secret_key"] = secret
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)  # type: ignore[arg-type]
        settings.check()
        return settings

    def check(self) -> None:
        if self.env == "production":
            if not self.secret_key:
                raise ConfigError("CODESYNC_SECRET_KEY must be set when CODESYNC_ENV=production")
            if len(self.secret_key.encode()) < _MIN_SECRET_BYTES:
                raise ConfigError(
                    f"CODESYNC_SECRET_KEY must be at least {_MIN_SECRET_BYTES} bytes in production"
                )

    def with_secret(self) -> Settings:
        """These settings with a secret: the configured one, or one generated into data_dir."""
        if self.secret_key:
            return self
        path = self.data_dir / _SECRET_FILE
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            # Written aside, then linked into place: several processes starting together on
            # a fresh data dir all end up with the one secret that won the race.
            draft = path.with_name(f".{_SECRET_FILE}.{os.getpid()}")
            draft.write_text(secrets.token_urlsafe(48))
            draft.chmod(0o600)
            with contextlib.suppress(FileExistsError):
                os.link(draft, path)
            draft.unlink()
        return replace(self, secret_key=path.read_text().strip())


def _int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, not {raw!r}") from None


def _ice_servers(raw: str) -> tuple[Mapping[str, object], ...]:
    try:
        value = json.loads(raw)
    except ValueError:
        raise ConfigError(
            "CODESYNC_ICE_SERVERS must be a JSON list of RTCIceServer objects"
        ) from None
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and "urls" in item for item in value
    ):
        raise ConfigError("CODESYNC_ICE_SERVERS must be a JSON list of objects with 'urls'")
    return tuple(value)
