#!/usr/bin/env bash
# Installs Wegweiser's two environments: the app (.venv, Python >= 3.11) and the language engine
# (.venv-rasa, Python 3.11 with Rasa 3.6.21 from engine/requirements.lock). Idempotent: each part is
# skipped when its lock file has not changed since the last install. Each environment is built with an
# explicit interpreter: one found on the machine, or else a uv-managed Python 3.11 that uv installs —
# unless the operator sets UV_PYTHON_DOWNLOADS=never (scripts/python-finder.sh). uv never downloads
# one on its own (UV_PYTHON_DOWNLOADS=never for every other uv call).
set -euo pipefail
cd "$(dirname "$0")/.."
OPERATOR_UV_PYTHON_DOWNLOADS=${UV_PYTHON_DOWNLOADS:-}
export UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1

UV_VERSION=0.13.9
UV=.tools/bin/uv

fail() { printf 'wegweiser install: %s\n' "$*" >&2; exit 1; }

stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

fingerprint() { cat "$@" | sha256sum | cut -d' ' -f1; }

. scripts/python-finder.sh

# 1. uv, the installer, in its own small venv.
if ! stamp_ok .tools/.stamp "$UV_VERSION"; then
  command -v python3 >/dev/null || fail "python3 is needed to bootstrap the installer (uv); install Python 3.11 or newer."
  python3 -m venv .tools
  .tools/bin/python -m pip install -q "uv==$UV_VERSION"
  echo "$UV_VERSION" > .tools/.stamp
fi

# 2. The app environment.
app_fp=$(fingerprint pyproject.toml uv.lock)
if ! stamp_ok .venv/.wegweiser-stamp "$app_fp"; then
  app_py=${WEGWEISER_PYTHON:-$(python_for 11 13)} || fail "no Python 3.11–3.13 found for the app environment. $(no_python_hint 11) Or install one (e.g. 'pyenv install 3.11' or 'apt install python3.11') or set WEGWEISER_PYTHON=/path/to/python3.11."
  echo "Installing the app environment (.venv) with $app_py …"
  "$UV" sync --frozen --python "$app_py"
  echo "$app_fp" > .venv/.wegweiser-stamp
fi

# 3. The language engine environment: exactly Python 3.11. Rasa 3.6.21 needs TensorFlow 2.12.0, whose
# newest wheels are for 3.11 (none for 3.12+); Python 3.10 is past its end of life (October 2026).
ENGINE_MINOR=11
eng_fp=$(fingerprint engine/requirements.lock)
if ! stamp_ok .venv-rasa/.wegweiser-stamp "$eng_fp"; then
  how="Install it with 'pyenv install 3.11' (or 'apt install python3.11' where your distribution has it), or set WEGWEISER_ENGINE_PYTHON=/path/to/python3.11."
  if [ -n "${WEGWEISER_ENGINE_PYTHON:-}" ]; then
    eng_py=$WEGWEISER_ENGINE_PYTHON
    [ -x "$eng_py" ] || eng_py=$(command -v "$eng_py" 2>/dev/null) \
      || fail "WEGWEISER_ENGINE_PYTHON=$WEGWEISER_ENGINE_PYTHON is not an executable Python. Point it to a Python 3.11 interpreter (e.g. \$(pyenv root)/versions/3.11.x/bin/python3.11) or unset it."
    v=$(minor_of "$eng_py") || v=""
    [ "$v" = "$ENGINE_MINOR" ] || fail "WEGWEISER_ENGINE_PYTHON=$eng_py is Python 3.${v:-?}, but the language engine (Rasa 3.6.21 with TensorFlow 2.12.0) runs only on Python 3.11 (TensorFlow 2.12.0 has no wheels for 3.12 or newer). $how"
  else
    eng_py=$(python_for $ENGINE_MINOR $ENGINE_MINOR) || fail "Python 3.11 was not found. The language engine (Rasa 3.6.21 with TensorFlow 2.12.0) runs only on Python 3.11: TensorFlow 2.12.0 has no wheels for 3.12 or newer. $(no_python_hint $ENGINE_MINOR) $how"
  fi
  # An engine environment from an older install (Python 3.10) is rebuilt, never synced across versions.
  if [ -x .venv-rasa/bin/python ] && [ "$(minor_of .venv-rasa/bin/python || true)" != "$ENGINE_MINOR" ]; then
    echo "Replacing the language engine environment (.venv-rasa): it is not on Python 3.$ENGINE_MINOR …"
    rm -rf .venv-rasa
  fi
  echo "Installing the language engine (.venv-rasa, Rasa 3.6.21) with $eng_py …"
  [ -x .venv-rasa/bin/python ] || "$UV" venv -q --python "$eng_py" .venv-rasa \
    || fail "could not create .venv-rasa with $eng_py (see the message above). Check that this Python 3.11 has its venv module (on Debian/Ubuntu: 'apt install python3.11-venv') or choose another with WEGWEISER_ENGINE_PYTHON."
  "$UV" pip sync -q --python .venv-rasa/bin/python --require-hashes engine/requirements.lock \
    || fail "installing the language engine from engine/requirements.lock failed (see the message above). If a package was not found or a hash did not match, check the network or the package index and run 'make install' again; if the lock was edited by hand, regenerate it with 'make engine-lock'."
  echo "$eng_fp" > .venv-rasa/.wegweiser-stamp
fi
