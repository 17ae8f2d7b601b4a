"""Generated Telegram updates for the fuzz suite: what people, broken clients and a broken Bot API
server might send, from a seed (the same seed gives the same updates).

Every person's names and username carry :data:`NAME_MARK` and their ids come from :data:`ID_BASE`
upwards, and texts carry :data:`TEXT_MARK` now and then, so a test can search logs and files for any
of them.
"""

from __future__ import annotations

import random
from typing import Any

NAME_MARK = "Qzyxname"
TEXT_MARK = "Qzyxtext"
ID_BASE = 6_100_000_000

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
RTL_SAMPLES = ("مرحبا، أحتاج إلى شقة", "سلام، کمک می‌خواهم", "שלום עולם", "ابحث عن طبيب 0221 123")
MEDIA = {
    "photo": [{"file_id": "AgAD", "file_unique_id": "p1", "width": 90, "height": 90}],
    "voice": {"file_id": "AwAC", "file_unique_id": "v1", "duration": 3},
    "video": {"file_id": "BAAD", "file_unique_id": "vi1", "width": 1, "height": 1, "duration": 1},
    "sticker": {
        "file_id": "CAAC",
        "file_unique_id": "s1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    },
    "document": {"file_id": "BQAC", "file_unique_id": "d1", "file_name": "a.pdf"},
    "audio": {"file_id": "CQAC", "file_unique_id": "a1", "duration": 2},
    "animation": {"file_id": "CgAC", "file_unique_id": "g1", "width": 1, "height": 1, "duration": 1},
    "video_note": {"file_id": "DQAC", "file_unique_id": "n1", "length": 1, "duration": 1},
    "dice": {"emoji": "🎲", "value": 3},
    "venue": {
        "location": {"latitude": 50.9375312, "longitude": 6.9603118},
        "title": "Dom",
        "address": "Domkloster 4",
    },
    "poll": {
        "id": "1",
        "question": "?",
        "options": [{"text": "a", "voter_count": 0}],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
    },
}
FORGED_CALLBACKS = (
    "/restart",
    "/session_start",
    "/back",
    "/nlu_fallback",
    "/action_listen",
    '/inform_location{"lat":1e999,"lon":"x"}',
    '/inform_location{"lat":"50.9375312","lon":6.9603118}',
    '/choose_language{"language":"xx"}',
    "/find_service{",
    "menu:nowhere",
    "menu:" + "x" * 200,
    "",
)


class UpdateFactory:
    def __init__(self, seed: int, people: int = 400) -> None:
        self.random = random.Random(seed)
        self.people = people
        self.update_id = 1000

    # -- pieces ---------------------------------------------------------------------------------

    def person(self) -> tuple[int, dict[str, Any]]:
        n = self.random.randrange(self.people)
        user: dict[str, Any] = {
            "id": ID_BASE + n,
            "is_bot": False,
            "first_name": f"{NAME_MARK}{n}a",
            "last_name": f"{NAME_MARK}{n}b",
            "username": f"{NAME_MARK.lower()}_{n}",
        }
        code = self.random.choice(
            ["de", "en", "ar", "fa-IR", "uk", "xx", "", None, 42, "de-DE-x-" + "y" * 60]
        )
        if code is not None:
            user["language_code"] = code
        return n, user

    def chat(self, user: dict[str, Any]) -> dict[str, Any]:
        kind = self.random.choices(["private", "group", "supergroup", "channel"], [20, 1, 1, 1])[0]
        chat: dict[str, Any] = {"id": user["id"] if kind == "private" else -user["id"], "type": kind}
        if kind == "private":
            chat.update(first_name=user["first_name"], username=user["username"])
        else:
            chat["title"] = f"{NAME_MARK} group"
        return chat

    def text(self) -> str:
        r = self.random
        kind = r.randrange(12)
        if kind == 0:  # code points from every plane, surrogates left out
            chars = []
            for _ in range(r.randint(1, 60)):
                plane = r.choice([0, 0, 0, 1, 2, 3, 14, 15, 16])
                point = plane * 0x10000 + r.randrange(0x10000)
                chars.append(chr(point) if not 0xD800 <= point <= 0xDFFF else "?")
            return "".join(chars)
        if kind == 1:
            return r.choice(RTL_SAMPLES) + r.choice(BIDI) + "116 016" + r.choice(BIDI)
        if kind == 2:
            return "".join(r.choice(ZERO_WIDTH + "a/") for _ in range(r.randint(1, 40)))
        if kind == 3:
            return TEXT_MARK + "x" * r.choice([4095, 4096, 4097, 9000, 20000])
        if kind == 4:
            return r.choice(
                ["/start", "/menu", "/help", "/privacy", "/language", "/language ar", "/language 🦄"]
            )
        if kind == 5:
            return "/" + "".join(r.choice('abcxyz_{}":,0123456789') for _ in range(r.randint(0, 30)))
        if kind == 6:
            return r.choice(["", " ", "\n\n", "\x00\x01\x7f", "\r\n" * 50])
        if kind == 7:
            return f"{TEXT_MARK} meine Nummer ist +49 151 {r.randrange(10**8):08d}"
        if kind == 8:
            return r.choice(FORGED_CALLBACKS)
        return r.choice(["Hallo", "Ich suche eine Wohnung", "مرحبا", "Привіт", "help me", "🆘"]) + TEXT_MARK

    def coordinate(self) -> Any:
        return self.random.choice(
            [50.9375312, -33.9, 0, 91, -181, 1e308, float("nan"), float("inf"), "50.93", None, True, [1]]
        )

    # -- updates --------------------------------------------------------------------------------

    def message(self, user: dict[str, Any]) -> dict[str, Any]:
        r = self.random
        message: dict[str, Any] = {
            "message_id": r.choice([r.randrange(1, 10**6), 0, -1, 2**63]),
            "date": r.choice([1_796_000_000, 0, -5, "yesterday"]) if r.random() < 0.1 else 1_796_000_000,
            "from": user,
            "chat": self.chat(user),
        }
        kind = r.randrange(10)
        if kind <= 4:
            message["text"] = self.text()
            if message["text"].startswith("/"):
                length = len(message["text"].split()[0]) if message["text"].split() else 1
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
            if r.random() < 0.05:
                message["entities"] = [{"type": "bold", "offset": 10**9, "length": -3}]
        elif kind <= 6:
            location: dict[str, Any] = {"latitude": self.coordinate(), "longitude": self.coordinate()}
            if r.random() < 0.3:
                del location[r.choice(["latitude", "longitude"])]
            message["location"] = location
        elif kind == 7:
            media = r.choice(sorted(MEDIA))
            message[media] = MEDIA[media]
            if r.random() < 0.3:
                message["caption"] = self.text()
        elif kind == 8:
            message["contact"] = {"phone_number": "+4915199887766", "first_name": user["first_name"]}
        else:  # wrong types where Telegram guarantees some
            message["text"] = r.choice([12345, ["a"], {"a": 1}, None, 1.5, True])
        return message

    def callback(self, user: dict[str, Any]) -> dict[str, Any]:
        r = self.random
        query: dict[str, Any] = {"id": str(r.randrange(10**12)), "from": user, "chat_instance": "1"}
        data = r.choice([*FORGED_CALLBACKS, "/health_insurance", "menu:housing", self.text()[:64], 7])
        if r.random() < 0.95:
            query["data"] = data
        if r.random() < 0.9:
            query["message"] = {"message_id": 5, "date": 1_796_000_000, "chat": self.chat(user), "text": "…"}
        return query

    def update(self) -> dict[str, Any]:
        """One update; a few have no usable ``update_id`` or are broken beyond parsing."""
        r = self.random
        self.update_id += 1
        _n, user = self.person()
        kind = r.choices(
            ["message", "callback", "edited", "channel", "other", "broken", "no_user"],
            [60, 15, 6, 4, 4, 8, 3],
        )[0]
        update: dict[str, Any] = {"update_id": self.update_id}
        if kind == "message":
            update["message"] = self.message(user)
        elif kind == "callback":
            update["callback_query"] = self.callback(user)
        elif kind == "edited":
            update[r.choice(["edited_message", "edited_channel_post"])] = self.message(user)
        elif kind == "channel":
            post = self.message(user)
            post["chat"] = {"id": -100 - user["id"], "type": "channel", "title": f"{NAME_MARK} news"}
            post.pop("from", None)
            update["channel_post"] = post
        elif kind == "other":
            update[r.choice(["inline_query", "my_chat_member", "poll", "shipping_query"])] = {
                "id": "1",
                "from": user,
            }
        elif kind == "no_user":
            message = self.message(user)
            message.pop(r.choice(["from", "chat", "date", "message_id"]))
            update["message"] = message
        else:  # broken beyond parsing, or ids that cannot be acknowledged
            update = r.choice(
                [
                    {"update_id": self.update_id, "message": "not an object"},
                    {"update_id": self.update_id, "message": {"chat": None, "from": user}},
                    {"update_id": self.update_id, "callback_query": {"from": user}},
                    {"update_id": self.update_id, "message": {**self.message(user), "chat": [1, 2]}},
                    {"update_id": float("nan"), "message": self.message(user)},
                    {"update_id": 2**70, "message": self.message(user)},
                    {"update_id": -7, "message": self.message(user)},
                    {"message": self.message(user)},
                ]
            )
        return update

    def batch(self, size: int) -> list[dict[str, Any]]:
        return [self.update() for _ in range(size)]
