"""Which Python ``scripts/install.sh`` builds each environment with (scripts/python-finder.sh).

The functions run in bash with a fake PATH (fake interpreters that only tell their version) and a
fake uv that records what it is asked: nothing is downloaded, nothing of the real machine is used.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT

FAKE_UV = """#!/bin/sh
echo "$UV_PYTHON_DOWNLOADS $*" >> "{log}"
case "$*" in
  "python install 3.11") mkdir -p "{managed}" && printf '#!/bin/sh\\necho 11\\n' > "{managed}/python3.11" \\
      && chmod +x "{managed}/python3.11" ;;
  "python find --managed-python 3.11") [ -x "{managed}/python3.11" ] && echo "{managed}/python3.11" ;;
  *) exit 2 ;;
esac
"""


class Machine:
    """A machine with only the interpreters a test gives it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir()
        for tool in ("ls", "grep", "sort", "mkdir", "chmod"):
            found = shutil.which(tool)
            assert found is not None
            (self.bin / tool).symlink_to(found)
        self.uv_log = root / "uv.log"
        self.managed = root / "uv-python"
        self.uv = root / "uv"
        self.uv.write_text(FAKE_UV.format(log=self.uv_log, managed=self.managed))
        self.uv.chmod(0o755)

    def python(self, name: str, minor: int) -> Path:
        path = self.bin / name
        path.write_text(f"#!/bin/sh\necho {minor}\n")
        path.chmod(0o755)
        return path

    def run(self, call: str, *, downloads: str | None = None) -> subprocess.CompletedProcess[str]:
        env = {"PATH": str(self.bin), "HOME": str(self.root), "UV": str(self.uv)}
        if downloads is not None:
            env["OPERATOR_UV_PYTHON_DOWNLOADS"] = downloads
        return subprocess.run(
            ["/bin/bash", "-c", f". scripts/python-finder.sh; {call}"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    @property
    def uv_calls(self) -> list[str]:
        return self.uv_log.read_text().splitlines() if self.uv_log.exists() else []


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    return Machine(tmp_path)


def test_a_python_311_on_the_machine_is_used_and_nothing_is_downloaded(machine: Machine) -> None:
    machine.python("python3", 13)
    found = machine.python("python3.11", 11)
    result = machine.run("python_for 11 11")
    assert (result.returncode, result.stdout.strip()) == (0, str(found))
    assert machine.uv_calls == []


def test_the_app_takes_a_newer_python_without_downloading(machine: Machine) -> None:
    found = machine.python("python3.12", 12)
    result = machine.run("python_for 11 13")
    assert (result.returncode, result.stdout.strip()) == (0, str(found))
    assert machine.uv_calls == []


@pytest.mark.parametrize("downloads", [None, "", "automatic", "manual"])
def test_without_python_311_uv_installs_a_managed_one(machine: Machine, downloads: str | None) -> None:
    """Debian 13 (3.13) or Ubuntu 24.04 (3.12): the engine gets a uv-managed 3.11."""
    machine.python("python3", 13)
    machine.python("python3.12", 12)
    result = machine.run("python_for 11 11", downloads=downloads)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(machine.managed / "python3.11")
    assert "installing a uv-managed Python 3.11" in result.stderr
    # uv may download only in this one explicit call; finding it afterwards never downloads
    assert machine.uv_calls == ["manual python install 3.11", "never python find --managed-python 3.11"]


def test_when_the_operator_forbids_downloads_nothing_is_installed(machine: Machine) -> None:
    machine.python("python3", 13)
    result = machine.run(
        'python_for 11 11 || { echo "FAILED: $(no_python_hint 11)"; exit 1; }', downloads="never"
    )
    assert result.returncode == 1
    assert machine.uv_calls == []
    assert "UV_PYTHON_DOWNLOADS=never is set" in result.stdout
    assert "unset it to let uv install a managed Python 3.11" in result.stdout


def test_install_script_uses_the_finder_and_keeps_the_operators_choice() -> None:
    script = (PROJECT_ROOT / "scripts" / "install.sh").read_text()
    remembered = script.index("OPERATOR_UV_PYTHON_DOWNLOADS=${UV_PYTHON_DOWNLOADS:-}")
    assert remembered < script.index("export UV_PYTHON_DOWNLOADS=never")
    assert script.count("python_for ") == 2  # the app and the engine
