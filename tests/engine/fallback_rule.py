"""Run in .venv-rasa: the fallback step of a trained model, given intent rankings as the classifier
would set them, asks back ("nlu_fallback") or keeps the intent.

Reads a JSON job on stdin ({"model": path, "cases": [{"text", "ranking": [[intent, confidence], …]}]}),
prints a JSON result on stdout: the step's class name, its settings and the intent after it per case.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from wegweiser_engine.fallback import LengthAwareFallbackClassifier


def fallback_step(model: Path, folder: Path) -> tuple[LengthAwareFallbackClassifier, dict[str, Any]]:
    storage, metadata = LocalModelStorage.from_model_archive(folder, model)
    [name] = [n for n in metadata.predict_schema.nodes if "FallbackClassifier" in n]
    node = metadata.predict_schema.nodes[name]
    assert node.uses is LengthAwareFallbackClassifier, node.uses
    context = ExecutionContext(GraphSchema({}), metadata.model_id)
    step = LengthAwareFallbackClassifier.create(node.config, storage, Resource(name), context)
    return step, dict(node.config)


def main() -> None:
    job = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as folder:
        step, config = fallback_step(Path(job["model"]), Path(folder))
    messages = []
    for case in job["cases"]:
        ranking = [{"name": n, "confidence": c} for n, c in case["ranking"]]
        messages.append(Message(data={TEXT: case["text"], INTENT: ranking[0], INTENT_RANKING_KEY: ranking}))
    step.process(messages)
    print(json.dumps({"config": config, "intents": [m.get(INTENT)["name"] for m in messages]}))


if __name__ == "__main__":
    main()
