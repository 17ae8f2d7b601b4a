# Sourced by scripts/install.sh (and tests/unit/test_install_python.py): which Python builds which
# environment. An interpreter already on the machine is preferred (pyenv versions, python3.x on PATH,
# WEGWEISER_PYTHON_CANDIDATES); when none fits, uv installs a managed one (Debian 13 and Ubuntu 24.04
# ship no Python 3.11) — unless the operator forbids downloads with UV_PYTHON_DOWNLOADS=never.
# Needs: UV (the uv binary) and OPERATOR_UV_PYTHON_DOWNLOADS (the operator's UV_PYTHON_DOWNLOADS).

minor_of() {  # minor_of PYTHON: its minor version (11 for 3.11), or nothing if it does not run
  "$1" -c 'import sys; print(sys.version_info[1] if sys.version_info[0] == 3 else -1)' 2>/dev/null
}

find_python() {  # find_python MIN_MINOR MAX_MINOR: first interpreter 3.MIN..3.MAX
  local lo=$1 hi=$2 cand v
  local root; root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
  for cand in ${WEGWEISER_PYTHON_CANDIDATES:-} \
      $(ls -d "$root"/versions/3.*/bin/python3.* 2>/dev/null | grep -E 'python3\.[0-9]+$' | sort -V) \
      $(command -v python3.13 python3.12 python3.11 python3.10 python3 2>/dev/null); do
    [ -x "$cand" ] || continue
    v=$(minor_of "$cand") || continue
    if [ "$v" -ge "$lo" ] && [ "$v" -le "$hi" ]; then echo "$cand"; return 0; fi
  done
  return 1
}

downloads_allowed() {  # uv may install an interpreter unless the operator said UV_PYTHON_DOWNLOADS=never
  [ "${OPERATOR_UV_PYTHON_DOWNLOADS:-}" != "never" ]
}

managed_python() {  # managed_python MINOR: a uv-managed Python 3.MINOR, installed now if missing
  local minor=$1 found
  downloads_allowed || return 1
  echo "No Python 3.$minor found on this machine: installing a uv-managed Python 3.$minor (UV_PYTHON_DOWNLOADS=never forbids this) …" >&2
  UV_PYTHON_DOWNLOADS=manual "$UV" python install "3.$minor" >&2 || return 1
  found=$(UV_PYTHON_DOWNLOADS=never "$UV" python find --managed-python "3.$minor") || return 1
  [ "$(minor_of "$found")" = "$minor" ] || return 1
  echo "$found"
}

python_for() {  # python_for MIN_MINOR MAX_MINOR: an interpreter found here, or else a managed 3.MIN
  find_python "$1" "$2" || managed_python "$1"
}

no_python_hint() {  # why nothing was installed, for the operator's error message
  if downloads_allowed; then
    echo "uv could not install a managed Python 3.$1 either (see the message above; is the network reachable?)."
  else
    echo "UV_PYTHON_DOWNLOADS=never is set, so uv may not install one; unset it to let uv install a managed Python 3.$1."
  fi
}
