"""Every ``wegweiser`` command is reachable, whether the CLI loads one command module or all of them."""

from __future__ import annotations

import pytest

from bot.cli import COMMAND_MODULES, main

COMMANDS = [command for commands in COMMAND_MODULES.values() for command in commands]


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_its_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: wegweiser {command}")


def test_the_overview_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    shown = capsys.readouterr().out
    assert all(command in shown for command in COMMANDS)


def test_a_mistyped_command_names_the_real_ones(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["ask-me"])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'ask-me'" in error and all(command in error for command in COMMANDS)


@pytest.mark.parametrize(
    ("group", "commands"),
    [("model", ("list", "activate", "rollback")), ("inbox", ("export",)), ("users", ("add", "deactivate"))],
)
def test_a_group_without_its_command_lists_its_commands(
    group: str, commands: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([group])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert all(f"    {command} " in error for command in commands), error


def test_a_missing_argument_is_still_named(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["users", "add", "eva"])
    assert exited.value.code == 2
    assert "required: --role" in capsys.readouterr().err
