"""The one way the app talks to the Rasa server: send a message, forget a conversation, check health.

Shared by the Telegram adapter, the chat page and the CLI. Failures are told apart by cause, because
they call for different answers: the engine is unavailable (:class:`RasaDown`,
:class:`ActionServerDown`) — every conversation is affected and clients answer from the menu until
it is back — or this one message failed (:class:`ActionFailed`, :class:`BadRequest`,
:class:`EmptyReply`) — that person gets an apology, nobody else notices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from bot.config import Settings
from bot.errors import OperatorError
from bot.secret import derive_key

TOKEN_HEADER = "X-Wegweiser-Token"
CHANNEL = "/webhooks/wegweiser"
ACTION_TOKEN_HEADER = "X-Wegweiser-Action-Token"
"""The header Rasa sends with every action call (endpoints.yml) and the action server requires."""


KEEP_ALIVE = httpx.Limits(max_connections=100, max_keepalive_connections=100)
"""As many idle connections kept as may be open: under load, httpx's default (20) closes and reopens
a connection for most messages."""


class RasaError(OperatorError):
    """Rasa could not answer a request; the message says why, for operators."""


class EngineUnavailable(RasaError):
    """The engine cannot answer anyone now."""


class RasaDown(EngineUnavailable):
    """Rasa cannot be reached, or did not answer in time."""


class ActionServerDown(EngineUnavailable):
    """Rasa answers, but its action server cannot be reached."""


class MessageFailed(RasaError):
    """This message failed; the engine itself is fine."""


class ActionFailed(MessageFailed):
    """An action raised while answering this message (see the action server's log)."""


class BadRequest(MessageFailed):
    """Rasa refused the request (an internal command, a malformed message, a wrong token)."""


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
    """Async client for Wegweiser's Rasa channel and the parts of Rasa's HTTP API we use."""

    def __init__(
        self,
        base_url: str,
        auth: ChannelAuth,
        *,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._auth = auth
        self._http = httpx.AsyncClient(
            base_url=base_url,
            timeout=timeout,
            transport=transport,
            trust_env=False,
            limits=KEEP_ALIVE,
        )

    @classmethod
    def from_settings(cls, settings: Settings, *, auth: ChannelAuth | None = None) -> RasaClient:
        """A client for the configured Rasa; ``auth`` saves re-deriving the tokens per message."""
        return cls(
            settings.rasa_url,
            auth or ChannelAuth.from_settings(settings),
            timeout=settings.rasa_timeout_seconds,
        )

    async def __aenter__(self) -> RasaClient:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def send(
        self, sender: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Send one user message; return Rasa's reply messages (never empty on success)."""
        payload = {"sender": sender, "message": text, "metadata": metadata or {}}
        response = await self._request(
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
        """Delete the stored conversation of ``sender`` at once."""
        await self._request(
            "DELETE",
            f"{CHANNEL}/conversations/{sender}",
            headers={TOKEN_HEADER: self._auth.channel_token},
        )

    async def is_ready(self) -> bool:
        """Whether the server is up and has a model loaded."""
        try:
            response = await self._http.get("/status", params={"token": self._auth.api_token})
        except httpx.HTTPError:
            return False
        return response.status_code == 200 and bool(response.json().get("model_file"))

    async def is_healthy(self) -> bool:
        """Whether Rasa is ready and its action server answers (the channel asks it)."""
        if not await self.is_ready():
            return False
        try:
            response = await self._http.get(f"{CHANNEL}/", headers={TOKEN_HEADER: self._auth.channel_token})
        except httpx.HTTPError:
            return False
        return response.status_code == 200 and response.json().get("actions") is True

    async def status(self) -> dict[str, Any]:
        response = await self._request("GET", "/status", params={"token": self._auth.api_token})
        result: dict[str, Any] = response.json()
        return result

    async def replace_model(self, model_file: str) -> None:
        """Load another model into the running server without a restart."""
        await self._request(
            "PUT",
            "/model",
            json={"model_file": model_file},
            params={"token": self._auth.api_token},
            timeout=300.0,
        )

    async def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._http.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise RasaDown(f"Rasa at {self._http.base_url} did not answer in time") from None
        except httpx.HTTPError as exc:
            raise RasaDown(
                f"cannot reach Rasa at {self._http.base_url} ({type(exc).__name__}); "
                "is `wegweiser up` running?"
            ) from None
        if response.status_code < 400:
            return response
        error = _error_code(response)
        where = f"Rasa answered {response.status_code} to {method} {url}"
        if error == "action_server_down":
            raise ActionServerDown(f"{where}: its action server cannot be reached; is it running?")
        if error == "action_failed":
            raise ActionFailed(f"{where}: an action failed (see the action server's log)")
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
