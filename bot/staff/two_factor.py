"""Two-factor login for staff: a time-based code (TOTP, RFC 6238) from an authenticator app.

Turning it on shows a new secret as a QR code (segno, drawn as SVG on the server: no script, no
outside service) and asks for one code from the app before anything is stored, so nobody ends up
with a secret their phone does not have. A code is accepted for 30 s either side of its time step,
and each step only once (``totp_last_step``), so a code seen over someone's shoulder cannot be used
again. An admin can turn it off for someone who lost their phone; they then set it up again.
"""

from __future__ import annotations

import re
from datetime import datetime

import pyotp
import segno
from sqlalchemy.orm import Session

from bot.db.models import StaffUser
from bot.staff.audit import Actor, record

ISSUER = "Wegweiser"
DRIFT_STEPS = 1
_CODE = re.compile(r"^\d{6}$")


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, *, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The ``otpauth://`` address as an SVG QR code in a ``data:`` URI (allowed by the page policy)."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, dark="#000", light="#fff"))


def _clean(code: str) -> str:
    return "".join(code.split())[:12]


def matching_step(secret: str, code: str, *, now: datetime, after: int | None = None) -> int | None:
    """The time step ``code`` belongs to (now, or one step either side), if later than ``after``."""
    code = _clean(code)
    if not _CODE.match(code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if (after is None or step > after) and pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def check_code(user: StaffUser, code: str, *, now: datetime) -> bool:
    """Whether ``code`` is the account's current code, not used before; remembers it as used."""
    if not user.totp_secret:
        return False
    step = matching_step(user.totp_secret, code, now=now, after=user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    return True


def enable(session: Session, *, user: StaffUser, secret: str, code: str, now: datetime, actor: Actor) -> bool:
    """Store ``secret`` when ``code`` proves the app has it; ``False`` (nothing stored) otherwise."""
    step = matching_step(secret, code, now=now)
    if step is None:
        return False
    user.totp_secret = secret
    user.totp_last_step = step
    user.session_epoch += 1  # sessions opened with the password alone end (the caller renews its own)
    record(session, actor=actor, action="user.two_factor_on", target=user.username)
    return True


def disable(session: Session, *, user: StaffUser, actor: Actor) -> None:
    if not user.totp_secret:
        return
    user.totp_secret = None
    user.totp_last_step = None
    user.session_epoch += 1
    record(session, actor=actor, action="user.two_factor_off", target=user.username)
