"""``wegweiser train``, ``nlu evaluate`` and ``model …``: the operator's handle on the language model."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from bot.config import load_settings
from bot.engine.evaluate import evaluate
from bot.engine.models import ModelInfo, ModelRegistry
from bot.engine.train import (
    check_project,
    data_languages,
    heldout_files,
    rasa_validate,
    train,
    training_examples,
)
from bot.languages import language_codes, normalize_language
from bot.nlu.data import read_examples
from bot.nlu.project_check import REGISTRY_PATH, sync
from bot.nlu.validate import coverage, minimum_examples
from bot.rasa_client import RasaClient, RasaError
from bot.topics import INTENTS, load_registry

HELDOUT_MINIMUM = 8
"""Held-out examples per intent and language the issue asks for (``nlu coverage --heldout``)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tr = subparsers.add_parser("train", help="validate the training data and train a model")
    tr.add_argument("--force", action="store_true", help="train even if nothing changed")
    tr.add_argument("--activate", action="store_true", help="make the new model the active one")
    tr.set_defaults(handler=cmd_train)

    nlu = subparsers.add_parser("nlu", help="check the training data, evaluate the language model")
    nlu_sub = nlu.add_subparsers(dest="nlu_command", required=True, metavar="COMMAND")
    val = nlu_sub.add_parser(
        "validate", help="the topic registry, domain, rules, answers, titles and NLU data agree"
    )
    val.add_argument("--project", type=Path, help="the project folder (default: this installation's)")
    val.add_argument("--rasa", action="store_true", help="also run `rasa data validate` (slower)")
    val.set_defaults(handler=cmd_validate)
    syn = nlu_sub.add_parser(
        "sync", help="write the topic lists of domain.yml and rules.yml from the registry"
    )
    syn.add_argument("--project", type=Path, help="the project folder (default: this installation's)")
    syn.set_defaults(handler=cmd_sync)
    ev = nlu_sub.add_parser("evaluate", help="score the active model on Rasa-format NLU files")
    ev.add_argument("files", nargs="+", type=Path)
    ev.add_argument("--lang", help="the language of the files (adds language_accuracy)")
    ev.add_argument("--model", help="a model name from `wegweiser model list` (default: active)")
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(handler=cmd_evaluate)
    cov = nlu_sub.add_parser("coverage", help="examples per intent and language")
    cov.add_argument("--heldout", action="store_true", help="count the held-out files tests/nlu/ instead")
    cov.add_argument("--json", action="store_true")
    cov.set_defaults(handler=cmd_coverage)

    model = subparsers.add_parser("model", help="list, activate and roll back trained models")
    model_sub = model.add_subparsers(dest="model_command", required=True, metavar="COMMAND")
    model_sub.add_parser("list", help="trained models, newest first").set_defaults(handler=cmd_list)
    act = model_sub.add_parser("activate", help="switch to a model (the running server too)")
    act.add_argument("name")
    act.set_defaults(handler=cmd_activate)
    model_sub.add_parser("rollback", help="go back to the previous model").set_defaults(handler=cmd_rollback)


def cmd_train(args: argparse.Namespace) -> int:
    result = train(load_settings(), force=args.force, activate=args.activate)
    print(f"Model: {result.model.name}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    settings = load_settings()
    root = args.project or settings.home
    check_project(root)
    if args.rasa:
        rasa_validate(settings)
    print(f"{root}: the topic registry, domain, rules, answers, titles and training data agree.")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    root = args.project or load_settings().home
    changed = sync(root, load_registry(root / REGISTRY_PATH))
    for path in changed:
        print(f"Updated {path}")
    if not changed:
        print("domain.yml and rules/rules.yml already list the registry's topics.")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    lang = normalize_language(args.lang) if args.lang else None
    if args.lang and lang is None:
        known = ", ".join(language_codes())
        raise SystemExit(f"wegweiser: unknown language {args.lang!r} (known: {known})")
    settings = load_settings()
    model = ModelRegistry(settings.models).get(args.model) if args.model else None
    result = evaluate(settings, args.files, lang=lang, model=model)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"model {result['model']}")
    print(
        f"n={result['n']}  accuracy={result['accuracy']:.3f}  macro F1={result['macro_f1']:.3f}  "
        f"weighted F1={result['weighted_f1']:.3f}  not understood={result['fallback_rate']:.3f}"
    )
    if "out_of_scope_safe_rate" in result:
        print(f"out-of-scope messages not answered as a topic: {result['out_of_scope_safe_rate']:.3f}")
    if result.get("language_accuracy") is not None:
        print(f"language detection named {lang}: {result['language_accuracy']:.3f}")
    for intent, row in result["per_intent"].items():
        print(
            f"  {intent:28} P={row['precision']:.2f} R={row['recall']:.2f} "
            f"F1={row['f1-score']:.2f} n={row['support']}"
        )
    per_language = result.get("per_language") or {}
    if len(per_language) > 1 or (per_language and lang is None):
        print("per language:  lang      n  macro F1  accuracy  oos safe  language detected")
        for code, row in per_language.items():
            safe = row.get("out_of_scope_safe_rate")
            print(
                f"               {code:4} {row['n']:6}  {row['macro_f1']:8.3f}  {row['accuracy']:8.3f}"
                f"  {'–' if safe is None else f'{safe:8.3f}':>8}  {row['language_accuracy']:8.3f}"
            )
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.heldout:
        files = heldout_files(settings.home)
        examples = list(read_examples(files, language_codes()))
        languages = [f.stem for f in files]
    else:
        examples = training_examples(settings.home)
        languages = data_languages(settings.home)
    table = coverage(examples)
    if args.json:
        print(json.dumps({i: {c: table[i][c] for c in languages} for i in INTENTS}, indent=2))
        return 0

    def need(intent: str) -> int:
        return HELDOUT_MINIMUM if args.heldout else minimum_examples(intent)

    where = "held-out files tests/nlu/" if args.heldout else "training data nlu_data/"
    print(f"Examples per intent and language in the {where} (! = fewer than the minimum)")
    print(f"{'intent':24} {'min':>3} " + " ".join(f"{c:>5}" for c in languages))
    short = 0
    for intent in INTENTS:
        cells = []
        for code in languages:
            have = table[intent][code] if intent in table else 0
            short += have < need(intent)
            cells.append(f"{have:>4}{'!' if have < need(intent) else ' '}")
        print(f"{intent:24} {need(intent):>3} " + " ".join(cells))
    totals = [sum(table[i][c] for i in table) for c in languages]
    print(f"{'total':24} {'':>3} " + " ".join(f"{t:>4} " for t in totals))
    unknown = sorted(set(table) - set(INTENTS))
    if unknown:
        print(f"Unknown intents (not counted above): {', '.join(unknown)}")
    print(f"{short} cell(s) below the minimum." if short else "Every cell meets the minimum.")
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
        heldout = card.get("heldout") or {}
        score = f"{heldout['macro_f1']:.3f}" if "macro_f1" in heldout else "–"
        print(
            f"{mark} {model.name}  {model.size_mb:.1f} MB  trained in "
            f"{card.get('training_seconds', '?')} s  held-out macro F1 {score}  "
            f"languages {','.join(card.get('languages', [])) or '?'}"
        )
    return 0


async def _push(model_path: Path) -> bool:
    """Switch every running replica now (replicas elsewhere pull the active model from the web app)."""
    settings = load_settings()
    async with RasaClient.from_settings(settings) as client:
        return bool(await client.replace_model(str(model_path)))


def _report_switch(model: ModelInfo) -> int:
    """Tell the running server (if any) to load ``model``, and say what happened."""
    try:
        pushed = asyncio.run(_push(model.path))
    except RasaError as exc:
        print(f"Active model is now {model.name}, but the running server did not switch: {exc}")
        return 1
    where = "the running Rasa server switched to it" if pushed else "it is used at the next start"
    print(f"Active model is now {model.name}; {where}.")
    return 0


def cmd_activate(args: argparse.Namespace) -> int:
    return _report_switch(ModelRegistry(load_settings().models).activate(args.name))


def cmd_rollback(_args: argparse.Namespace) -> int:
    return _report_switch(ModelRegistry(load_settings().models).rollback())
