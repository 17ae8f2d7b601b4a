"""Who may do what: the one place the staff app's rules live (each page asks here, on the server).

- admin: everything, including user accounts and the audit log.
- editor: answers of their region (a region key covers every longer key that starts with it) in
  every language, or every answer when ``nationwide``; services of their organisation or region (or
  all when ``nationwide``); the directory import for those.
- translator: answers in their own languages only (every region), nothing else but the report.
Every role sees the usage report, which only ever holds counts.
"""

from __future__ import annotations

from typing import Protocol

from bot.db.models import Role
from bot.languages import language_codes


class Staff(Protocol):
    @property
    def role(self) -> Role: ...
    @property
    def active(self) -> bool: ...
    @property
    def languages(self) -> list[str]: ...
    @property
    def region(self) -> str | None: ...
    @property
    def organisation_id(self) -> int | None: ...
    @property
    def nationwide(self) -> bool: ...


def _is(user: Staff, role: Role) -> bool:
    return user.active and user.role is role


def region_covers(scope: str | None, region: str | None) -> bool:
    """Whether an account's region ``scope`` covers ``region`` (``None`` is nationwide)."""
    return scope is not None and region is not None and region.startswith(scope)


def can_manage_users(user: Staff) -> bool:
    return _is(user, Role.ADMIN)


def can_view_audit(user: Staff) -> bool:
    return _is(user, Role.ADMIN)


def can_view_report(user: Staff) -> bool:
    return user.active


def can_view_answers(user: Staff) -> bool:
    return user.active


def answer_languages(user: Staff) -> list[str]:
    """The languages whose texts ``user`` may open and change, in picker order."""
    if not user.active:
        return []
    if user.role is Role.TRANSLATOR:
        return [code for code in language_codes() if code in user.languages]
    if user.role is Role.EDITOR and not (user.nationwide or user.region):
        return []
    return language_codes()


def can_edit_answer(user: Staff, *, language: str, region: str | None) -> bool:
    """Open the editor, save, publish and restore this text (topic × language × region)."""
    if language not in answer_languages(user):
        return False
    if user.role is Role.EDITOR:
        return user.nationwide or region_covers(user.region, region)
    return True


def answer_regions_limited_to(user: Staff) -> str | None:
    """The region an editor is bound to (their region texts are their work), else ``None``."""
    if user.role is Role.EDITOR and not user.nationwide:
        return user.region
    return None


def can_use_inbox(user: Staff) -> bool:
    """Open the question inbox: admins, and editors with a region or nationwide (as for answers)."""
    if not user.active:
        return False
    return user.role is Role.ADMIN or (user.role is Role.EDITOR and bool(user.nationwide or user.region))


def can_label_question(user: Staff, *, region: str | None) -> bool:
    """See and label a kept question from district ``region`` (``None``: no place was given)."""
    if not can_use_inbox(user):
        return False
    if user.role is Role.ADMIN or user.nationwide:
        return True
    return region_covers(user.region, region)


def can_use_directory(user: Staff) -> bool:
    """List, create and import services (each row then checked with :func:`can_edit_service`)."""
    if not user.active:
        return False
    if user.role is Role.ADMIN:
        return True
    return user.role is Role.EDITOR and bool(user.nationwide or user.region or user.organisation_id)


def can_edit_service(user: Staff, *, organisation_id: int | None, region: str | None) -> bool:
    """Change a service of ``organisation_id`` whose location has the key ``region``."""
    if not can_use_directory(user):
        return False
    if user.role is Role.ADMIN or user.nationwide:
        return True
    if user.organisation_id is not None and organisation_id == user.organisation_id:
        return True
    return region_covers(user.region, region)


def can_edit_organisation(user: Staff, *, organisation_id: int) -> bool:
    """Rename an organisation or change its contacts: its own editors, nationwide editors, admins.

    A region editor may add services of any organisation in their region, but the organisation itself
    (shared by services elsewhere) stays as its own people wrote it.
    """
    if not can_use_directory(user):
        return False
    if user.role is Role.ADMIN or user.nationwide:
        return True
    return user.organisation_id is not None and user.organisation_id == organisation_id
