"""The one way the app talks to the Rasa server: send a message, forget a conversation, check health.

Shared by the Telegram adapter, the chat page and the CLI. With several Rasa replicas
(``WEGWEISER_RASA_REPLICAS``) a conversation goes to the replica the hash ring (:mod:`bot.ring`) gives its
pseudonym, and to the next one on the ring while that one cannot be reached. Failures are told apart
by cause, because they call for different answers: the engine is unavailable (:class:`RasaDown`,
:class:`ActionServerDown`) — every conversation is affected and clients answer from the menu until
it is back — or this one message failed (:class:`ActionFailed`, :class:`BadRequest`,
:class:`EmptyReply`) — that person gets an apology, nobody else notices.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from bot.config import Settings
from bot.errors import OperatorError
from bot.http_transport import AiohttpTransport
from bot.ring import HashRing
from bot.secret import derive_key

TOKEN_HEADER = "X-Wegweiser-Token"
CHANNEL = "/webhooks/wegweiser"
ACTION_TOKEN_HEADER = "X-Wegweiser-Action-Token"
"""The header Rasa sends with every action call (endpoints.yml) and the action server requires."""


IN_FLIGHT = 20
"""Requests at once per replica, each on a kept connection; more wait their turn here. One Rasa process
gains nothing from more than a few messages at once (the rest would only wait in its queue instead),
and a wait here that runs out is a busy Rasa (:class:`RasaDown`), where a wait for a connection of the
transport's pool would read as "not reachable" and send the message to another replica."""


class RasaError(OperatorError):
    """Rasa could not answer a request; the message says why, for operators."""


class EngineUnavailable(RasaError):
    """The engine cannot answer anyone now."""


class RasaDown(EngineUnavailable):
    """Rasa cannot be reached, or did not answer in time."""


class RasaUnreachable(RasaDown):
    """No connection to this Rasa server: nothing was sent, so another replica may take the message."""


class ActionServerDown(EngineUnavailable):
    """Rasa answers, but its action server cannot be reached."""


class MessageFailed(RasaError):
    """This message failed; the engine itself is fine."""


class ActionFailed(MessageFailed):
    """An action raised while answering this message (see the action server's log)."""


class BadRequest(MessageFailed):
    """Rasa refused the request (an internal command, a malformed message, a wrong token)."""


class CommandRefused(BadRequest):
    """A command Rasa must not take from a user (``/restart``, an unknown ``/word``): not a failure."""


class EmptyReply(MessageFailed):
    """Rasa answered with nothing to show."""


@dataclass(frozen=True)
class ChannelAuth:
    """Tokens shared with the Rasa server: one for our channel, one for Rasa's HTTP API."""

    channel_token: str
    api_token: str

    @classmethod
    def from_settings(cls, settings: Settings) -> ChannelAuth:
        return cls(derive_key(settings, "rasa-channel"), derive_key(settings, "rasa-api"))


def action_server_token(settings: Settings) -> str:
    """The token only Rasa knows: without it the action server refuses to run an action."""
    return derive_key(settings, "action-server")


class RasaClient:
    """Async client for Wegweiser's Rasa channel and the parts of Rasa's HTTP API we use.

    ``base_url`` is one Rasa server or the replicas of one installation (see :mod:`bot.ring`).
    """

    def __init__(
        self,
        base_url: str | Sequence[str],
        auth: ChannelAuth,
        *,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        skip_down_for: float = 5.0,
    ) -> None:
        self._auth = auth
        self._ring = HashRing([base_url] if isinstance(base_url, str) else list(base_url))
        self._http = {
            url: httpx.AsyncClient(
                base_url=url,
                timeout=timeout,
                transport=transport or AiohttpTransport(connections=IN_FLIGHT),
                trust_env=False,
            )
            for url in self._ring.nodes
        }
        self._timeout = timeout
        self._turns: dict[str, tuple[asyncio.AbstractEventLoop, asyncio.Semaphore]] = {}
        self._skip_down_for = skip_down_for
        self._down_until: dict[str, float] = {}

    @classmethod
    def from_settings(cls, settings: Settings, *, auth: ChannelAuth | None = None) -> RasaClient:
        """A client for the configured Rasa replicas; ``auth`` saves re-deriving the tokens per message."""
        return cls(
            settings.rasa_urls,
            auth or ChannelAuth.from_settings(settings),
            timeout=settings.rasa_timeout_seconds,
        )

    @property
    def replicas(self) -> tuple[str, ...]:
        return self._ring.nodes

    async def __aenter__(self) -> RasaClient:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for http in self._http.values():
            await http.aclose()

    def route(self, sender: str) -> list[str]:
        """The replicas ``sender``'s messages try, in order: its own, then the next on the ring.

        A replica that could not be reached a moment ago is tried last, so a crashed replica costs its
        conversations one refused connection, not one per message.
        """
        order = self._ring.order(sender)
        now = time.monotonic()
        return [url for url in order if self._down_until.get(url, 0.0) <= now] + [
            url for url in order if self._down_until.get(url, 0.0) > now
        ]

    async def _routed(self, sender: str, method: str, url: str, **kwargs: Any) -> httpx.Response:
        failure: RasaUnreachable | None = None
        for replica in self.route(sender):
            try:
                response = await self._request(method, url, replica=replica, **kwargs)
            except RasaUnreachable as exc:
                self._down_until[replica] = time.monotonic() + self._skip_down_for
                failure = exc
                continue
            self._down_until.pop(replica, None)
            return response
        assert failure is not None
        raise failure

    async def send(
        self, sender: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Send one user message; return Rasa's reply messages (never empty on success)."""
        payload = {"sender": sender, "message": text, "metadata": metadata or {}}
        response = await self._routed(
            sender,
            "POST",
            f"{CHANNEL}/webhook",
            json=payload,
            headers={TOKEN_HEADER: self._auth.channel_token},
        )
        replies = response.json()
        if not isinstance(replies, list) or not replies:
            raise EmptyReply("Rasa returned no reply to show")
        return replies

    async def forget(self, sender: str) -> None:
        """Delete the stored conversation of ``sender`` at once (the tracker store is shared)."""
        await self._routed(
            sender,
            "DELETE",
            f"{CHANNEL}/conversations/{sender}",
            headers={TOKEN_HEADER: self._auth.channel_token},
        )

    async def _replica_ready(self, replica: str) -> bool:
        try:
            response = await self._http[replica].get("/status", params={"token": self._auth.api_token})
        except httpx.HTTPError:
            return False
        return response.status_code == 200 and bool(response.json().get("model_file"))

    async def ready_replicas(self) -> list[str]:
        """The replicas that are up with a model loaded."""
        return [replica for replica in self._ring.nodes if await self._replica_ready(replica)]

    async def is_ready(self) -> bool:
        """Whether a server is up and has a model loaded."""
        return bool(await self.ready_replicas())

    async def is_healthy(self) -> bool:
        """Whether a replica is ready and its action server answers (the channel asks it)."""
        for replica in await self.ready_replicas():
            try:
                response = await self._http[replica].get(
                    f"{CHANNEL}/", headers={TOKEN_HEADER: self._auth.channel_token}
                )
            except httpx.HTTPError:
                continue
            if response.status_code == 200 and response.json().get("actions") is True:
                return True
        return False

    async def status(self, replica: str | None = None) -> dict[str, Any]:
        """Rasa's ``/status`` of ``replica`` (by default the first one)."""
        response = await self._request(
            "GET", "/status", replica=replica, params={"token": self._auth.api_token}
        )
        result: dict[str, Any] = response.json()
        return result

    async def replace_model(self, model_file: str) -> list[str]:
        """Load another model into every ready replica without a restart; return those switched."""
        switched = []
        for replica in await self.ready_replicas():
            await self._request(
                "PUT",
                "/model",
                replica=replica,
                json={"model_file": model_file},
                params={"token": self._auth.api_token},
                timeout=300.0,
            )
            switched.append(replica)
        return switched

    def _turn(self, replica: str) -> asyncio.Semaphore:
        """The replica's :data:`IN_FLIGHT` places on this event loop (a semaphore serves one loop)."""
        loop = asyncio.get_running_loop()
        held = self._turns.get(replica)
        if held is None or held[0] is not loop:
            held = self._turns[replica] = (loop, asyncio.Semaphore(IN_FLIGHT))
        return held[1]

    async def _request(
        self, method: str, url: str, *, replica: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        replica = replica or self._ring.nodes[0]
        http = self._http[replica]
        turn = self._turn(replica)
        if turn.locked():
            try:
                async with asyncio.timeout(kwargs.get("timeout", self._timeout)):
                    await turn.acquire()
            except TimeoutError:
                raise RasaDown(f"Rasa at {http.base_url} did not answer in time") from None
        else:
            await turn.acquire()
        try:
            response = await http.request(method, url, **kwargs)
        except httpx.TimeoutException as exc:
            if isinstance(exc, httpx.ConnectTimeout):
                raise RasaUnreachable(
                    f"cannot reach Rasa at {http.base_url} (connection timed out)"
                ) from None
            raise RasaDown(f"Rasa at {http.base_url} did not answer in time") from None
        except httpx.HTTPError as exc:
            unreachable = isinstance(exc, httpx.ConnectError)
            raise (RasaUnreachable if unreachable else RasaDown)(
                f"cannot reach Rasa at {http.base_url} ({type(exc).__name__}); is `wegweiser up` running?"
            ) from None
        finally:
            turn.release()
        if response.status_code < 400:
            return response
        error = _error_code(response)
        where = f"Rasa answered {response.status_code} to {method} {url}"
        if error == "action_server_down":
            raise ActionServerDown(f"{where}: its action server cannot be reached; is it running?")
        if error == "action_failed":
            raise ActionFailed(f"{where}: an action failed (see the action server's log)")
        if error == "command_not_allowed":
            raise CommandRefused(
                f"{where}: the engine takes text and the domain's intents (/greet); /start, /menu, "
                "/language and /delete are commands of the Telegram adapter and the chat page"
            )
        if error == "empty_reply":
            raise EmptyReply(f"{where}: nothing to show")
        if response.status_code in (502, 503, 504):
            raise RasaDown(f"{where}: not available")
        if response.status_code >= 500:
            raise ActionFailed(f"{where} ({error or 'server error'})")
        raise BadRequest(f"{where} ({error or 'refused'})")


def _error_code(response: httpx.Response) -> str | None:
    """The channel's short error code (``{"error": "…"}``); never the body itself, which may echo input."""
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, str) and error.isidentifier() else None
