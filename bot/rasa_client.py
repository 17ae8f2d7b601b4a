"""The one way the app talks to the Rasa server: send a message, forget a conversation, check health.

Shared by the Telegram adapter, the chat page and the CLI. Failures become :class:`RasaUnavailable`, so
callers can fall back to menu answers instead of crashing.
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


class RasaUnavailable(OperatorError):
    """Rasa (or the action server behind it) could not answer; the message says why, for operators."""


@dataclass(frozen=True)
class ChannelAuth:
    """Tokens shared with the Rasa server: one for our channel, one for Rasa's HTTP API."""

    channel_token: str
    api_token: str

    @classmethod
    def from_settings(cls, settings: Settings) -> ChannelAuth:
        return cls(derive_key(settings, "rasa-channel"), derive_key(settings, "rasa-api"))


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
            base_url=base_url, timeout=timeout, transport=transport, trust_env=False
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
            # Rasa answers [] when an action failed (e.g. the action server is down).
            raise RasaUnavailable("Rasa returned no reply; is the action server running?")
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
            raise RasaUnavailable(f"Rasa at {self._http.base_url} did not answer in time") from None
        except httpx.HTTPError as exc:
            raise RasaUnavailable(
                f"cannot reach Rasa at {self._http.base_url} ({type(exc).__name__}); "
                "is `wegweiser up` running?"
            ) from None
        if response.status_code >= 400:
            raise RasaUnavailable(
                f"Rasa answered {response.status_code} to {method} {url}: {response.text[:200]}"
            )
        return response
