"""``wegweiser train``, ``nlu evaluate`` and ``model …``: the operator's handle on the language model."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from bot.config import load_settings
from bot.engine.evaluate import evaluate
from bot.engine.models import ModelInfo, ModelRegistry
from bot.engine.train import train
from bot.languages import normalize_language
from bot.rasa_client import RasaClient, RasaUnavailable


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tr = subparsers.add_parser("train", help="validate the training data and train a model")
    tr.add_argument("--force", action="store_true", help="train even if nothing changed")
    tr.add_argument("--activate", action="store_true", help="make the new model the active one")
    tr.set_defaults(handler=cmd_train)

    nlu = subparsers.add_parser("nlu", help="evaluate the language model")
    nlu_sub = nlu.add_subparsers(dest="nlu_command", required=True, metavar="COMMAND")
    ev = nlu_sub.add_parser("evaluate", help="score the active model on Rasa-format NLU files")
    ev.add_argument("files", nargs="+", type=Path)
    ev.add_argument("--lang", help="the language of the files (adds language_accuracy)")
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(handler=cmd_evaluate)

    model = subparsers.add_parser("model", help="list, activate and roll back trained models")
    model_sub = model.add_subparsers(dest="model_command", required=True, metavar="COMMAND")
    model_sub.add_parser("list", help="trained models, newest first").set_defaults(handler=cmd_list)
    act = model_sub.add_parser("activate", help="switch to a model (the running server too)")
    act.add_argument("name")
    act.set_defaults(handler=cmd_activate)
    model_sub.add_parser("rollback", help="go back to the previous model").set_defaults(
        handler=cmd_rollback
    )


def cmd_train(args: argparse.Namespace) -> int:
    result = train(load_settings(), force=args.force, activate=args.activate)
    print(f"Model: {result.model.name}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    lang = normalize_language(args.lang) if args.lang else None
    if args.lang and lang is None:
        raise SystemExit(f"wegweiser: unknown language {args.lang!r}")
    result = evaluate(load_settings(), args.files, lang=lang)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"n={result['n']}  accuracy={result['accuracy']:.3f}  macro F1={result['macro_f1']:.3f}  "
          f"weighted F1={result['weighted_f1']:.3f}")
    if "language_accuracy" in result:
        print(f"language detection accuracy: {result['language_accuracy']:.3f}")
    for intent, row in result["per_intent"].items():
        print(f"  {intent:28} P={row['precision']:.2f} R={row['recall']:.2f} "
              f"F1={row['f1-score']:.2f} n={row['support']}")
    return 0


def cmd_list(_args: argparse.Namespace) -> int:
    registry = ModelRegistry(load_settings().models)
    active = registry.active()
    models = registry.list()
    if not models:
        print("No trained models. Run `wegweiser train`.")
    for model in models:
        mark = "*" if active and model.name == active.name else " "
        card = model.card
        print(f"{mark} {model.name}  {model.size_mb:.1f} MB  trained in "
              f"{card.get('training_seconds', '?')} s  macro F1 {card.get('heldout', {}).get('macro_f1', '–')}")
    return 0


async def _push(model_path: Path) -> bool:
    settings = load_settings()
    async with RasaClient.from_settings(settings) as client:
        if not await client.is_ready():
            return False
        await client.replace_model(str(model_path))
        return True


def _report_switch(model: ModelInfo) -> int:
    """Tell the running server (if any) to load ``model``, and say what happened."""
    try:
        pushed = asyncio.run(_push(model.path))
    except RasaUnavailable as exc:
        print(f"Active model is now {model.name}, but the running server did not switch: {exc}")
        return 1
    where = "the running Rasa server switched to it" if pushed else "it is used at the next start"
    print(f"Active model is now {model.name}; {where}.")
    return 0


def cmd_activate(args: argparse.Namespace) -> int:
    return _report_switch(ModelRegistry(load_settings().models).activate(args.name))


def cmd_rollback(_args: argparse.Namespace) -> int:
    return _report_switch(ModelRegistry(load_settings().models).rollback())
