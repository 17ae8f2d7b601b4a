"""Parse many messages with one model load: ``python -m wegweiser_engine.parse MODEL OUT < in``.

Input: one JSON string (a message) per line. Output, in file OUT (Rasa may print to stdout): one JSON
object per line, in the same order:
``{"intent": name, "confidence": c, "ranking": [[name, c], …] (the top 3), "entities": [{"entity",
"value", "start", "end"}]}``. Used by
``wegweiser nlu evaluate`` and by the model card, so evaluating the ten held-out files costs one
Rasa start instead of ten, and each prediction stays tied to its file (and so its language).
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

BATCH = 256
RANKED = 3


def _parse_all(model: str, texts: list[str]) -> list[dict[str, Any]]:
    """Parse in batches through the model's graph: every component sees many messages at once."""
    from rasa.core.agent import Agent
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
    from rasa.shared.core.trackers import DialogueStateTracker

    agent = Agent.load(model)
    processor = agent.processor
    assert processor is not None
    tracker = DialogueStateTracker.from_events("wegweiser-evaluate", [])
    target = processor.model_metadata.nlu_target
    results = []
    for start in range(0, len(texts), BATCH):
        batch = [UserMessage(text) for text in texts[start : start + BATCH]]
        parsed = processor.graph_runner.run(
            inputs={PLACEHOLDER_MESSAGE: batch, PLACEHOLDER_TRACKER: tracker}, targets=[target]
        )[target]
        for message in parsed:
            data = message.as_dict(only_output_properties=True)
            intent = data.get("intent") or {}
            results.append(
                {
                    "intent": intent.get("name"),
                    "confidence": float(intent.get("confidence") or 0.0),
                    "ranking": [
                        [r.get("name"), float(r.get("confidence") or 0.0)]
                        for r in (data.get("intent_ranking") or [])[:RANKED]
                    ],
                    "entities": [
                        {k: e.get(k) for k in ("entity", "value", "start", "end")}
                        for e in data.get("entities") or []
                    ],
                }
            )
    return results


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m wegweiser_engine.parse MODEL OUT < messages.jsonl", file=sys.stderr)
        return 2
    logging.disable(logging.WARNING)
    texts = [json.loads(line) for line in sys.stdin if line.strip()]
    results = _parse_all(argv[0], texts)
    with open(argv[1], "w", encoding="utf-8") as out:
        for result in results:
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
