"""Rasa's own command line for the operator's commands (``rasa train``, ``rasa data validate``), quiet.

``PYTHONWARNINGS=ignore`` (:func:`bot.engine.runtime.engine_env`) does not hold in Rasa: importing
Sanic sets deprecation warnings back to "once". So the first training on a machine printed a screen
of notices about Rasa's libraries (TensorFlow, Keras, pkg_resources) that an operator cannot act on,
around the lines that matter. Two of Rasa's training-data notices are expected in this design and
join Rasa's own list of expected warnings: the places are found by regexes and lookup tables
(``RegexEntityExtractor``), not by an extractor trained on the annotated examples.

    python -m wegweiser_engine.rasa_cli train --data … (the arguments of ``rasa``)
"""

from __future__ import annotations

import sys
import warnings

import sanic  # noqa: F401  (imported first: its import sets the filter undone below)
from rasa.__main__ import main
from rasa.utils.common import EXPECTED_WARNINGS

EXPECTED_HERE = (
    (DeprecationWarning, ""),  # again after Rasa's "once" for UserWarning: pyparsing's are both
    (UserWarning, "You have defined training data consisting of entity examples"),
    (UserWarning, "You have defined training data consisting of lookup tables"),
)


def quiet() -> None:
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=PendingDeprecationWarning)
    EXPECTED_WARNINGS.extend(w for w in EXPECTED_HERE if w not in EXPECTED_WARNINGS)


if __name__ == "__main__":
    quiet()
    sys.argv[0] = "rasa"
    main()
