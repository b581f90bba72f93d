"""Stream (getstream video, stream-chat) for a session, when STREAM_API_KEY/SECRET are set.

The server provisions the session's call and chat channel with its participants as members
(get-or-create, so any process may do it, any number of times) and issues short-lived user
tokens to participants only. The two SDKs disagree on `exp`: stream-chat's `create_token`
takes an absolute epoch, getstream's `create_token` seconds from now.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import anyio

from crdt_store import Participant, Session

CALL_TYPE = "default"
CHANNEL_TYPE = "messaging"
TOKEN_TTL_S = 3600
# Our roles as Stream call roles.
CALL_ROLES = {"host": "host", "interviewer": "host", "candidate": "call_member", "observer": "user"}


@dataclass(frozen=True, slots=True)
class StreamCredentials:
    api_key: str
    user_id: str
    token: str  # video (getstream)
    chat_token: str  # chat (stream-chat)
    call_type: str
    call_id: str
    channel_type: str
    channel_id: str
    expires_at: float
    # Where the browser SDKs connect; None: Stream's own hosts (set only with STREAM_BASE_URL /
    # STREAM_CHAT_URL, for a proxy in front of Stream or a stand-in in tests).
    video_base_url: str | None = None
    chat_base_url: str | None = None

    def view(self) -> dict[str, Any]:
        return {
            "api_key": self.api_key,
            "user_id": self.user_id,
            "token": self.token,
            "chat_token": self.chat_token,
            "call_type": self.call_type,
            "call_id": self.call_id,
            "channel_type": self.channel_type,
            "channel_id": self.channel_id,
            "expires_at": self.expires_at,
            "video_base_url": self.video_base_url,
            "chat_base_url": self.chat_base_url,
        }


def browser_video_url(api_url: str | None) -> str | None:
    """The browser's video API lives under `/video` of the host whose `/api/v2/video` the
    server SDK calls."""
    return f"{api_url.rstrip('/')}/video" if api_url else None


def browser_origins(video_url: str | None, chat_url: str | None) -> tuple[str, ...]:
    """What the page's Content-Security-Policy must let the Stream SDKs connect to: Stream's
    hosts (API, coordinator and SFU websockets, location hint), or the configured ones."""
    origins = [
        "https://*.stream-io-api.com",
        "wss://*.stream-io-api.com",
        "https://*.stream-io-video.com",
        "wss://*.stream-io-video.com",
    ]
    for url in (video_url, chat_url):
        if url:
            scheme, _, rest = url.partition("://")
            host = rest.split("/", 1)[0]
            secure = scheme == "https"
            origins += [f"{scheme}://{host}", f"{'wss' if secure else 'ws'}://{host}"]
    return tuple(dict.fromkeys(origins))


class StreamService:
    def __init__(
        self,
        api_key: str,
        api_secret: str,
        *,
        video_url: str | None = None,
        chat_url: str | None = None,
    ) -> None:
        # Imported here: the SDKs are only loaded when Stream is configured.
        from getstream import Stream
        from stream_chat import StreamChat

        self.api_key = api_key
        self.video_base_url = browser_video_url(video_url)
        self.chat_base_url = chat_url.rstrip("/") if chat_url else None
        if video_url:
            self._video = Stream(api_key=api_key, api_secret=api_secret, base_url=video_url)
        else:
            self._video = Stream(api_key=api_key, api_secret=api_secret)
        if chat_url:
            self._chat = StreamChat(api_key, api_secret, base_url=chat_url)
        else:
            self._chat = StreamChat(api_key, api_secret)
        self._provisioned: dict[str, frozenset[tuple[str, str]]] = {}

    async def credentials(
        self, session: Session, participants: Sequence[Participant], me: Participant
    ) -> StreamCredentials:
        members = frozenset((p.user_id, p.role) for p in participants)
        if self._provisioned.get(session.id) != members:
            await anyio.to_thread.run_sync(self._provision, session, list(participants))
            self._provisioned[session.id] = members
        now = int(time.time())
        video_token = self._video.create_token(me.user_id, expiration=TOKEN_TTL_S)
        chat_token = self._chat.create_token(me.user_id, exp=now + TOKEN_TTL_S)
        return StreamCredentials(
            api_key=self.api_key,
            user_id=me.user_id,
            token=video_token,
            chat_token=chat_token,
            call_type=CALL_TYPE,
            call_id=session.id,
            channel_type=CHANNEL_TYPE,
            channel_id=session.id,
            expires_at=now + TOKEN_TTL_S,
            video_base_url=self.video_base_url,
            chat_base_url=self.chat_base_url,
        )

    async def remove(self, session_id: str, user_id: str) -> None:
        """A removed participant leaves the call now (kicked and blocked, so a token they still
        hold cannot rejoin) and stops being a member of the call and the channel."""
        self._provisioned.pop(session_id, None)
        await anyio.to_thread.run_sync(self._remove, session_id, user_id)

    async def end(self, session_id: str) -> None:
        """The interview is over: the call ends for everyone in it."""
        await anyio.to_thread.run_sync(self._video.video.end_call, CALL_TYPE, session_id)

    def _remove(self, session_id: str, user_id: str) -> None:
        self._video.video.kick_user(CALL_TYPE, session_id, user_id, block=True)
        self._video.video.update_call_members(CALL_TYPE, session_id, remove_members=[user_id])
        self._chat.channel(CHANNEL_TYPE, session_id).remove_members([user_id])

    def close(self) -> None:
        if "video" in self._video.__dict__:  # the SDK's video client has its own connections
            self._video.video.close()
        self._video.close()
        self._chat.session.close()

    def _provision(self, session: Session, participants: list[Participant]) -> None:
        from getstream.models import CallRequest, MemberRequest, UserRequest

        self._video.upsert_users(
            *(UserRequest(id=p.user_id, name=p.name, role="user") for p in participants)
        )
        self._video.video.get_or_create_call(
            CALL_TYPE,
            session.id,
            data=CallRequest(
                created_by_id=session.host_id,
                members=[
                    MemberRequest(user_id=p.user_id, role=CALL_ROLES[p.role]) for p in participants
                ],
            ),
        )
        self._chat.upsert_users([{"id": p.user_id, "name": p.name} for p in participants])
        channel = self._chat.channel(
            CHANNEL_TYPE,
            session.id,
            data={"name": session.title, "members": [p.user_id for p in participants]},
        )
        channel.create(session.host_id)
        channel.add_members([p.user_id for p in participants])
