"""``python -m wegweiser_engine.serve run …``: ``rasa`` with its API token taken from the environment.

Rasa accepts its HTTP API token only as ``--auth-token``, which every local user can read in the
process list. The supervisor puts the token into ``WEGWEISER_RASA_AUTH_TOKEN`` instead (a process's
environment is readable by its owner only); this launcher removes it from the environment, so Rasa's
own children never inherit it, and hands it to Rasa's argument parser in memory.

Before Rasa is imported, every log record of the process is set to be redacted
(:mod:`wegweiser_engine.redaction`): no message text, conversation key or SQL parameter reaches
Rasa's log, whichever logger or handler writes it. For ``run``, TensorFlow is imported only when
the model needs it (:mod:`wegweiser_engine.without_tensorflow`).
"""

from __future__ import annotations

import os
import sys

TOKEN_VARIABLE = "WEGWEISER_RASA_AUTH_TOKEN"


def argv_with_token(argv: list[str], token: str) -> list[str]:
    """``argv`` with ``--auth-token`` added after the sub-command (not shown in ``ps``)."""
    if not token or len(argv) < 2:
        return argv
    return [argv[0], argv[1], "--auth-token", token, *argv[2:]]


def main() -> None:
    from wegweiser_engine.redaction import install

    install()
    if sys.argv[1:2] == ["run"]:  # serving: TensorFlow only if the model needs it
        from wegweiser_engine.without_tensorflow import install as defer_tensorflow

        defer_tensorflow()
    token = os.environ.pop(TOKEN_VARIABLE, "")
    sys.argv = argv_with_token(["rasa", *sys.argv[1:]], token)
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
