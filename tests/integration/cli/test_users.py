"""``wegweiser users``: the first admin from the command line, listing, deactivating, resetting."""

from __future__ import annotations

from pathlib import Path

from bot.config import load_settings
from bot.db.session import session_scope
from bot.staff.accounts import get_user
from bot.staff.passwords import verify_password
from tests.auxil.cli import run_cli, run_main


def env_for(var: Path) -> dict[str, str]:
    return {"WEGWEISER_VAR_DIR": str(var), "WEGWEISER_ENV_FILE": "/nonexistent"}


def test_the_first_admin_comes_from_the_cli_and_can_log_in(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    listed = run_cli("users", "list", env=env)
    assert listed.returncode == 0 and "No staff accounts yet" in listed.stdout
    added = run_cli(
        "users",
        "add",
        "ada",
        "--role",
        "admin",
        "--name",
        "Ada Admin",
        "--password-stdin",
        env=env,
        input="a long admin passphrase\n",
    )
    assert added.returncode == 0, added.stderr
    assert "Created ada (admin" in added.stdout and "/staff/login" in added.stdout
    with session_scope(load_settings(var_dir=tmp_path).db_url) as session:
        assert verify_password(get_user(session, username="ada").password_hash, "a long admin passphrase")


def test_without_a_terminal_or_stdin_option_no_account_is_made(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    refused = run_main("users", "add", "ada", "--role", "admin", env=env)
    assert refused.returncode == 1 and "--password-stdin" in refused.stderr
    short = run_main("users", "add", "ada", "--role", "admin", "--password-stdin", env=env, input="short\n")
    assert short.returncode == 1 and "12 characters" in short.stderr
    assert "No staff accounts yet" in run_main("users", "list", env=env).stdout


def test_translators_editors_list_deactivate_and_reset(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    run_main(
        "users",
        "add",
        "ada",
        "--role",
        "admin",
        "--password-stdin",
        env=env,
        input="a long admin passphrase\n",
    )
    translator = run_main(
        "users",
        "add",
        "amira",
        "--role",
        "translator",
        "--language",
        "ar",
        "--language",
        "fa",
        "--generate",
        env=env,
    )
    assert translator.returncode == 0, translator.stderr
    assert "Password (shown once" in translator.stdout
    editor = run_main("users", "add", "koeln", "--role", "editor", "--region", "05315", "--generate", env=env)
    assert editor.returncode == 0, editor.stderr
    no_scope = run_main("users", "add", "jan", "--role", "editor", "--generate", env=env)
    assert no_scope.returncode == 1 and "organisation, a region, or the nationwide scope" in no_scope.stderr
    listing = run_main("users", "list", env=env).stdout
    assert "amira" in listing and "languages ar,fa" in listing and "region 05315" in listing
    assert run_main("users", "deactivate", "koeln", env=env).returncode == 0
    assert "deactivated" in run_main("users", "list", env=env).stdout
    reset = run_main(
        "users", "reset-password", "amira", "--password-stdin", env=env, input="her new passphrase\n"
    )
    assert reset.returncode == 0, reset.stderr
    with session_scope(load_settings(var_dir=tmp_path).db_url) as session:
        amira = get_user(session, username="amira")
        assert verify_password(amira.password_hash, "her new passphrase")
        assert not amira.must_change_password
    unknown = run_main("users", "deactivate", "nobody", env=env)
    assert unknown.returncode == 1 and "no account nobody" in unknown.stderr.lower()


def test_an_operator_turns_two_factor_off_for_the_last_admin(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    run_main(
        "users",
        "add",
        "ada",
        "--role",
        "admin",
        "--password-stdin",
        env=env,
        input="a long admin passphrase\n",
    )
    with session_scope(load_settings(var_dir=tmp_path).db_url) as session:
        get_user(session, username="ada").totp_secret = "JBSWY3DPEHPK3PXP"
    done = run_main("users", "reset-two-factor", "ada", env=env)
    assert done.returncode == 0 and "Two-factor login is off for ada" in done.stdout
    with session_scope(load_settings(var_dir=tmp_path).db_url) as session:
        assert get_user(session, username="ada").totp_secret is None
