"""A local Bot API server for end-to-end tests, and people chatting with the bot through it.

The server is npm ``telegram-test-api`` with the fix-ups in ``tests/telegram_server/server.js``
(installed by ``scripts/test-setup.sh``). A :class:`TelegramUser` plays the Telegram app: it sends
messages, locations, voice notes and button presses as Telegram would (names, username, language
code included) and reads what the bot sent to its chat.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bot.config import PROJECT_ROOT
from tests.auxil.ports import free_port
from tests.auxil.telegram_identity import private_chat_json, user_json

SERVER_DIR = PROJECT_ROOT / "tests" / "telegram_server"
TOKEN = "7000000001:AAE-wegweiser-local-test-token_000000"
OTHER_TOKEN = "7000000002:AAE-wegweiser-local-test-token_000001"
"""A second bot on the same server (e.g. in webhook mode beside the polling one)."""


class LocalBotApiError(RuntimeError):
    pass


@dataclass
class BotMessage:
    """A message the bot sent (text or venue), as the chat shows it."""

    message_id: int
    text: str
    markup: dict[str, Any]
    venue: dict[str, Any] | None

    @property
    def buttons(self) -> list[list[tuple[str, str]]]:
        """Inline keyboard rows as (title, callback data)."""
        return [
            [(b.get("text", ""), b.get("callback_data", "")) for b in row]
            for row in self.markup.get("inline_keyboard", [])
        ]

    @property
    def reply_keyboard(self) -> list[list[dict[str, Any]]]:
        rows: list[list[dict[str, Any]]] = self.markup.get("keyboard", [])
        return rows

    def button(self, match: Callable[[str, str], bool]) -> str:
        """The callback data of the first button whose (title, data) matches."""
        for row in self.buttons:
            for title, data in row:
                if match(title, data):
                    return data
        raise AssertionError(f"no such button in {self.buttons}")


@dataclass
class TelegramUser:
    """Someone using Telegram: everything Telegram tells a bot about them is in every update."""

    api: LocalBotApi
    token: str
    user_id: int
    first_name: str
    last_name: str
    username: str
    language_code: str | None
    seen: dict[int, BotMessage] = field(default_factory=dict)

    def _from(self) -> dict[str, Any]:
        return user_json(
            user_id=self.user_id,
            first_name=self.first_name,
            last_name=self.last_name,
            username=self.username,
            language_code=self.language_code,
        )

    def _chat(self) -> dict[str, Any]:
        return private_chat_json(
            user_id=self.user_id,
            first_name=self.first_name,
            last_name=self.last_name,
            username=self.username,
        )

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.api.client.post(path, json={"botToken": self.token, **body})
        response.raise_for_status()
        result: dict[str, Any] = response.json().get("result") or {}
        return result

    def _message(self, **content: Any) -> dict[str, Any]:
        return {"from": self._from(), "chat": self._chat(), "date": int(time.time()), **content}

    def raw_message(self, message_id: int = 1, **content: Any) -> dict[str, Any]:
        """A ``message`` update as Telegram sends it, without its id (for ``send_raw_updates``)."""
        return {"message": {"message_id": message_id, **self._message(**content)}}

    def send(self, text: str) -> dict[str, Any]:
        """A text message; ``/command`` texts are sent as commands."""
        if text.startswith("/"):
            length = len(text.split()[0])
            entities = [{"type": "bot_command", "offset": 0, "length": length}]
            return self._post("/sendCommand", self._message(text=text, entities=entities))
        return self._post("/sendMessage", self._message(text=text))

    def send_location(self, latitude: float, longitude: float) -> dict[str, Any]:
        return self._post(
            "/sendMessage", self._message(location={"latitude": latitude, "longitude": longitude})
        )

    def send_voice(self) -> dict[str, Any]:
        voice = {"file_id": "AwACAgIAAxkBAAIBZ2VoicE", "file_unique_id": "AgADvoice", "duration": 4}
        return self._post("/sendMessage", self._message(voice=voice))

    def send_contact(self, phone: str) -> dict[str, Any]:
        contact = {"phone_number": phone, "first_name": self.first_name, "user_id": self.user_id}
        return self._post("/sendMessage", self._message(contact=contact))

    def press(self, message: BotMessage, data: str) -> dict[str, Any]:
        """Press the inline button with ``data`` under ``message``."""
        shown = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": self._chat(),
            "text": message.text,
        }
        return self._post("/sendCallback", {"from": self._from(), "message": shown, "data": data})

    def _fetch(self) -> list[BotMessage]:
        response = self.api.client.post("/getUpdates", json={"token": self.token, "chatId": self.user_id})
        response.raise_for_status()
        fresh = []
        for entry in response.json().get("result") or []:
            message = entry.get("message") or {}
            markup = message.get("reply_markup") or {}
            found = BotMessage(
                message_id=int(entry["messageId"]),
                text=str(message.get("text") or ""),
                markup=markup if isinstance(markup, dict) else {},
                venue=message.get("venue"),
            )
            self.seen[found.message_id] = found
            fresh.append(found)
        return fresh

    def unread(self) -> list[BotMessage]:
        """What the bot sent (or edited) since the last look, without waiting."""
        return self._fetch()

    def replies(
        self,
        until: Callable[[list[BotMessage]], bool] | None = None,
        *,
        timeout: float = 30.0,
        quiet: float = 1.5,
        poll: float = 0.1,
    ) -> list[BotMessage]:
        """What the bot sends (or edits) from now on: until ``until`` holds, else until it is quiet.

        ``poll`` is the pause between looks; many people waiting at once look less often.
        """
        got: list[BotMessage] = []
        deadline = time.monotonic() + timeout
        last_new = time.monotonic()
        while time.monotonic() < deadline:
            fresh = self._fetch()
            if fresh:
                got.extend(fresh)
                last_new = time.monotonic()
            if until is not None and until(got):
                return got
            if until is None and got and time.monotonic() - last_new >= quiet:
                return got
            time.sleep(poll)
        if until is None and got:
            return got
        raise AssertionError(f"the bot did not answer as expected within {timeout:.0f} s: {got}")


class LocalBotApi:
    """The Node server process on a free port, and an HTTP client for the chat side."""

    def __init__(self, *, venues: bool = False, log: Path | None = None) -> None:
        self.port = free_port()
        self.token = TOKEN
        argv = ["node", str(SERVER_DIR / "server.js"), "--port", str(self.port)]
        if venues:
            argv.append("--venues")
        if not (SERVER_DIR / "node_modules" / "telegram-test-api").is_dir():
            raise LocalBotApiError("run scripts/test-setup.sh first (installs telegram-test-api)")
        if log is None:
            self.process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        else:
            with log.open("ab") as output:  # the child keeps its own copy of the file
                self.process = subprocess.Popen(argv, stdout=output, stderr=subprocess.STDOUT)
        self.client = httpx.Client(base_url=self.root, timeout=10, trust_env=False)
        self._wait_ready()

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """``WEGWEISER_TELEGRAM_BASE_URL`` for the bot."""
        return f"{self.root}/bot"

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LocalBotApiError(f"the local Bot API server exited ({self.process.returncode})")
            try:
                if self.client.get(f"/bot{self.token}/getMe").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise LocalBotApiError("the local Bot API server did not start within 15 s")

    def user(
        self,
        user_id: int,
        *,
        first_name: str = "Zuleykha",
        last_name: str = "Oberfeldt-Quist",
        username: str = "zq_tester_4471",
        language_code: str | None = "de",
        token: str | None = None,
    ) -> TelegramUser:
        return TelegramUser(
            self, token or self.token, user_id, first_name, last_name, username, language_code
        )

    def send_raw_updates(self, updates: list[dict[str, Any]], token: str | None = None) -> list[int]:
        """Queue updates exactly as given, as a broken or hostile Bot API server would send them."""
        response = self.client.post(
            "/sendRawUpdates", json={"botToken": token or self.token, "updates": updates}
        )
        response.raise_for_status()
        ids: list[int] = response.json()["result"]["update_ids"]
        return ids

    def bot_call(self, method: str, token: str | None = None, **params: Any) -> Any:
        """Call the Bot API as the bot would (e.g. ``getMyCommands``)."""
        response = self.client.post(f"/bot{token or self.token}/{method}", json=params)
        return response.json().get("result")

    def stop(self) -> None:
        self.client.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
