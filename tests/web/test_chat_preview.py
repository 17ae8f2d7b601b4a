"""Drafts in the chat are for logged-in staff only: the public page can never ask for them."""

from __future__ import annotations

import httpx

from bot.config import load_settings
from bot.db.models import Role
from bot.staff.preview import METADATA_KEY, preview_token, shows_drafts
from tests.auxil.staff import Site, add_staff


def test_a_public_request_for_drafts_is_refused_before_it_reaches_the_bot(staff_site: Site) -> None:
    # No Rasa runs here: a request that reached the bot gets its outage reply (200), not 403.
    with httpx.Client(base_url=staff_site.url, trust_env=False) as client:
        refused = client.post("/chat/message", json={"text": "Krankenkasse", "preview": True})
        assert refused.status_code == 403
        public = client.post("/chat/message", json={"text": "Krankenkasse"})
        assert public.status_code == 200 and public.json()["messages"]


def test_staff_need_their_token_too_so_no_other_site_can_ask(staff_site: Site) -> None:
    add_staff(staff_site.settings, "amira", Role.TRANSLATOR, languages=["ar"])
    with staff_site.client() as client:
        client.login("amira")
        page = client.get("/chat").text
        assert 'id="preview"' in page and 'name="csrf-token"' in page
        no_token = client.post("/chat/message", json={"text": "x", "preview": True})
        assert no_token.status_code == 403
        token = client.csrf("/staff/")
        allowed = client.post(
            "/chat/message", json={"text": "x", "preview": True}, headers={"X-CSRF-Token": token}
        )
        assert allowed.status_code == 200  # passed the checks; the outage reply, as no Rasa runs here


def test_drafts_need_the_permission_the_answer_editor_needs(staff_site: Site) -> None:
    # An editor for services of one organisation only may open no answer text: no drafts for them.
    add_staff(staff_site.settings, "olga", Role.EDITOR, organisation_id=1)
    with staff_site.client() as client:
        client.login("olga")
        token = client.csrf("/staff/")
        refused = client.post(
            "/chat/message", json={"text": "x", "preview": True}, headers={"X-CSRF-Token": token}
        )
        assert refused.status_code == 403


def test_the_preview_flag_is_bound_to_one_conversation(tmp_path: object) -> None:
    settings = load_settings(var_dir=tmp_path)
    token = preview_token(settings, "preview-abc")
    assert shows_drafts(settings, "preview-abc", {METADATA_KEY: token})
    assert not shows_drafts(settings, "web-xyz", {METADATA_KEY: token})
    assert not shows_drafts(settings, "preview-abc", {METADATA_KEY: "true"})
    assert not shows_drafts(settings, "preview-abc", {METADATA_KEY: True})
    assert not shows_drafts(settings, "preview-abc", {})
