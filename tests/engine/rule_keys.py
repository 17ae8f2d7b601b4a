"""Run in .venv-rasa: the rule policy of a trained model finds the same rules with the speed-up of
``wegweiser_engine.speedups`` (the walk over states stops after the longest rule) as without it,
over conversations of every length built from the model's own rule states.

Reads a JSON job on stdin ({"model": path, "conversations": n}), prints a JSON result on stdout.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from wegweiser_engine import speedups


def load_policy(model: Path, folder: Path) -> RulePolicy:
    storage, metadata = LocalModelStorage.from_model_archive(folder, model)
    [name] = [n for n in metadata.predict_schema.nodes if n.startswith("run_RulePolicy")]
    node = metadata.predict_schema.nodes[name]
    context = ExecutionContext(GraphSchema({}), metadata.model_id)
    return RulePolicy.load(
        {**RulePolicy.get_default_config(), **node.config}, storage, Resource(node.resource.name), context
    )


def main(job: dict) -> dict:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        policy = load_policy(Path(job["model"]), Path(folder))
    lookups = {name: policy.lookup.get(name) or {} for name in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH)}
    pieces = [RulePolicy._rule_key_to_state(key) for lookup in lookups.values() for key in lookup]
    conversations = []
    for _ in range(job["conversations"]):
        states: list = []
        while len(states) < rng.randint(1, 60):
            states += rng.choice(pieces)
        conversations.append(states)
    for states in conversations[::2]:  # a conversation start (no previous action) among the newest
        at = len(states) - rng.randint(1, min(3, len(states)))
        states[at] = {kind: sub for kind, sub in states[at].items() if kind != "prev_action"}
    conversations += pieces  # every rule as a whole conversation
    before = [
        {n: sorted(policy._get_possible_keys(lk, s)) for n, lk in lookups.items()} for s in conversations
    ]
    speedups.apply()
    after = [
        {n: sorted(policy._get_possible_keys(lk, s)) for n, lk in lookups.items()} for s in conversations
    ]
    return {
        "rules": len(lookups[RULES]),
        "conversations": len(conversations),
        "longest_conversation": max(len(s) for s in conversations),
        "matched": sum(bool(found[RULES]) for found in before),
        "starts": sum(any("prev_action" not in state for state in states) for states in conversations),
        "same": before == after,
        "patched": RulePolicy._get_possible_keys is speedups._possible_keys,
    }


if __name__ == "__main__":
    print(json.dumps(main(json.load(sys.stdin))))
