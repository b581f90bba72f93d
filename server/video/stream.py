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
        }


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
        )

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
