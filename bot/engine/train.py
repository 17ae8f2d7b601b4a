"""``wegweiser train``: validate the data, train with Rasa in the engine environment, write a model card.

Training is skipped when a model was already trained from exactly the same data, configuration and
model code. Beside ``<name>.tar.gz`` it writes the language identifier (``<name>.langid.npz``, see
``bot/nlu/langid.py``) and the model card ``<name>.card.json``: data fingerprint, languages, example
counts, training time, size, and the scores on the held-out files ``tests/nlu/<lang>.yml``.
"""

from __future__ import annotations

import hashlib
import resource
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.config import PROJECT_ROOT, Settings
from bot.engine.models import ModelInfo, ModelRegistry
from bot.engine.runtime import (
    ENGINE_PACKAGE_DIR,
    TRAINING_DATA,
    engine_env,
    engine_python_version,
    rasa_command,
    rasa_executable,
)
from bot.errors import OperatorError
from bot.languages import language_codes
from bot.nlu.data import Example, other_language_lines, read_examples
from bot.nlu.langid import LanguageIdentifier
from bot.nlu.project_check import REGISTRY_PATH, project_problems
from bot.nlu.validate import coverage, problems, repeats
from bot.topics import load_registry

RASA_VERSION = "3.6.21"
OTHER_LANGUAGES = PROJECT_ROOT / "locales" / "other_languages.yml"
"""Messages in languages the bot does not answer in, for the language identifier's class "other"."""
CONFIG_FILES = ("config.yml", "domain.yml")
HELD_OUT = Path("tests") / "nlu"
"""Held-out files (relative to the project), never trained on; scored into the model card."""
REAL_HELD_OUT = HELD_OUT / "real"
"""Real questions (public FAQs and posts, nlu_data/real/README.md), scored apart from the written ones."""
MODEL_SOURCES = (
    ENGINE_PACKAGE_DIR / "wegweiser_engine" / "intent_classifier.py",
    ENGINE_PACKAGE_DIR / "wegweiser_engine" / "text_features.py",
    ENGINE_PACKAGE_DIR / "wegweiser_engine" / "sentences.py",
    ENGINE_PACKAGE_DIR / "wegweiser_engine" / "combine.py",
    PROJECT_ROOT / "bot" / "nlu" / "langid.py",
    OTHER_LANGUAGES,
    ENGINE_PACKAGE_DIR / "requirements.lock",
)
"""Files besides the training data that shape a trained model: a change to one makes the next ``train``
retrain. The classifier's code, the other-language lines the language identifier learns, and the
engine lock: a model is trained by (and so belongs to) one engine environment, e.g. Python 3.11."""


class TrainingError(OperatorError):
    """Training cannot start or failed; the message lists what to fix."""


@dataclass(frozen=True)
class TrainResult:
    model: ModelInfo
    trained: bool
    """False when an identical model existed and training was skipped."""
    seconds: float


def data_files(root: Path) -> list[Path]:
    files = [root / name for name in CONFIG_FILES]
    for folder in TRAINING_DATA:
        files.extend(sorted(p for p in (root / folder).rglob("*.yml") if p.is_file()))
    return files


def fingerprint(root: Path) -> str:
    """Hash of everything training reads, so an unchanged model is never trained twice."""
    digest = hashlib.sha256(RASA_VERSION.encode())
    for path in data_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    for path in MODEL_SOURCES:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def data_languages(root: Path) -> list[str]:
    """The languages the model is trained on: those with a folder in ``nlu_data/``, in picker order."""
    present = {p.name for p in (root / "nlu_data").iterdir() if p.is_dir()}
    return [code for code in language_codes() if code in present]


def training_examples(root: Path) -> list[Example]:
    return list(read_examples([root / d for d in TRAINING_DATA], language_codes()))


def _run(argv: list[str], env: dict[str, str], cwd: Path, echo: Callable[[str], None]) -> int:
    """Run a Rasa command, passing each output line to ``echo`` (progress stays visible)."""
    with subprocess.Popen(
        argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            echo(line.rstrip("\n"))
        return process.wait()


def check_data(settings: Settings, echo: Callable[[str], None] = print) -> None:
    """Our own checks (the topic registry against domain, rules, answers and titles; duplicates,
    unknown intents, too few examples); raise listing every problem."""
    check_project(settings.home, echo)


def check_project(root: Path, echo: Callable[[str], None] = print) -> None:
    """:func:`check_data` for the project folder ``root`` (with its own topic registry)."""
    registry = load_registry(root / REGISTRY_PATH)
    examples = training_examples(root)
    notices = repeats(examples, root=root)
    if notices:
        echo(f"Note: {len(notices)} message(s) listed twice under the same intent (harmless):")
        for line in notices[:20]:
            echo(f"  - {line}")
    languages = data_languages(root)
    found = project_problems(root, registry, languages) + problems(
        examples, languages, root=root, topics=registry.names
    )
    if found:
        listed = "\n".join(f"  - {p}" for p in found[:200])
        more = f"\n  … and {len(found) - 200} more" if len(found) > 200 else ""
        raise TrainingError(
            f"the project has {len(found)} problem(s); fix them and train again:\n{listed}{more}"
        )


def validate(settings: Settings, echo: Callable[[str], None] = print) -> None:
    """Our own checks, then ``rasa data validate``; raise :class:`TrainingError` listing problems."""
    check_data(settings, echo)
    rasa_validate(settings, echo)


def rasa_validate(settings: Settings, echo: Callable[[str], None] = print) -> None:
    """``rasa data validate`` (domain, rules and data agree); raise :class:`TrainingError` if not."""
    argv = [
        *rasa_command(settings),
        "data",
        "validate",
        "--data",
        *TRAINING_DATA,
        "--domain",
        "domain.yml",
        "--config",
        "config.yml",
    ]
    echo("Checking the training data with `rasa data validate` …")
    if _run(argv, engine_env(settings), settings.home, echo) != 0:
        raise TrainingError("`rasa data validate` found problems (see above); fix them and train again")


def rasa_train_argv(settings: Settings, out: Path, name: str) -> list[str]:
    """The ``rasa train`` command for the project (also timed alone by ``make bench``)."""
    return [
        *rasa_command(settings),
        "train",
        "--data",
        *TRAINING_DATA,
        "--domain",
        "domain.yml",
        "--config",
        "config.yml",
        "--out",
        str(out),
        "--fixed-model-name",
        name,
    ]


def train(
    settings: Settings,
    *,
    force: bool = False,
    activate: bool = False,
    echo: Callable[[str], None] = print,
) -> TrainResult:
    """Validate and train; reuse an identical model unless ``force``."""
    registry = ModelRegistry(settings.models)
    started = time.monotonic()
    check_data(settings, echo)
    fp = fingerprint(settings.home)
    existing = None if force else registry.find_fingerprint(fp)
    if existing is not None:
        echo(f"Nothing changed since model {existing.name}; training skipped.")
        if activate:
            registry.activate(existing.name)
        return TrainResult(existing, False, time.monotonic() - started)
    rasa_executable(settings)  # the data is fine: now a missing engine is what to report
    rasa_validate(settings, echo)

    name = f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{fp[:8]}"
    settings.models.mkdir(parents=True, exist_ok=True)
    argv = rasa_train_argv(settings, settings.models, name)
    echo(f"Training model {name} (this takes a few minutes) …")
    train_started = time.monotonic()
    cpu_started = _children_cpu_seconds()
    if _run(argv, engine_env(settings), settings.home, echo) != 0:
        raise TrainingError("training failed (see the output above)")
    seconds = time.monotonic() - train_started
    cpu_seconds = _children_cpu_seconds() - cpu_started
    path = settings.models / f"{name}.tar.gz"
    if not path.is_file():
        raise TrainingError(f"Rasa reported success but wrote no model at {path}")
    examples = training_examples(settings.home)
    echo("Training the language identifier …")
    language_seconds = build_language_identifier(examples, path.with_name(f"{name}.langid.npz"))
    table = coverage(examples)
    card = {
        "name": name,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "fingerprint": fp,
        "rasa_version": RASA_VERSION,
        "python": engine_python_version(settings),
        "languages": data_languages(settings.home),
        "training_seconds": round(seconds, 1),
        "training_cpu_seconds": round(cpu_seconds, 1),
        "size_mb": round(path.stat().st_size / 1_000_000, 2),
        "language_id": {
            "training_seconds": round(language_seconds, 1),
            "size_mb": round(path.with_name(f"{name}.langid.npz").stat().st_size / 1_000_000, 2),
        },
        "examples": {intent: dict(sorted(c.items())) for intent, c in sorted(table.items())},
        "examples_total": sum(sum(c.values()) for c in table.values()),
    }
    registry.write_card(name, card)
    heldout = heldout_scores(settings, registry.get(name), echo)
    if heldout is not None:
        card = {**card, "heldout": heldout}
    real = heldout_scores(settings, registry.get(name), echo, folder=REAL_HELD_OUT)
    if real is not None:
        card = {**card, "heldout_real": real}
    registry.write_card(name, card)
    if activate or not registry.has_choice():
        registry.activate(name)
    echo(f"Model {name} saved to {path} ({seconds:.0f} s, {path.stat().st_size / 1e6:.1f} MB).")
    return TrainResult(registry.get(name), True, time.monotonic() - started)


def _children_cpu_seconds() -> float:
    """CPU time of finished child processes: training cost that does not depend on other load."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build_language_identifier(examples: list[Example], path: Path) -> float:
    """Train the language identifier from the examples' folders; return the seconds it took."""
    started = time.monotonic()
    LanguageIdentifier.from_examples(examples, other_language_lines(OTHER_LANGUAGES)).save(path)
    return time.monotonic() - started


def heldout_files(root: Path, folder: Path = HELD_OUT) -> list[Path]:
    """``<folder>/<lang>.yml`` for each language that has one, in picker order."""
    return [
        root / folder / f"{code}.yml"
        for code in language_codes()
        if (root / folder / f"{code}.yml").is_file()
    ]


def heldout_scores(
    settings: Settings, model: ModelInfo, echo: Callable[[str], None], *, folder: Path = HELD_OUT
) -> dict[str, object] | None:
    """The model's scores on the held-out files in ``folder`` (written examples, or real questions in
    ``tests/nlu/real``), overall and per language (None without files)."""
    from bot.engine.evaluate import evaluate

    files = heldout_files(settings.home, folder)
    if not files:
        echo(f"No held-out files in {settings.home / folder}; the model card has no scores for them.")
        return None
    echo(f"Scoring the model on {len(files)} held-out file(s) in {folder} …")
    result = evaluate(settings, files, model=model)
    keep = (
        "accuracy",
        "macro_f1",
        "weighted_f1",
        "n",
        "out_of_scope_safe_rate",
        "outside_topics_safe_rate",
        "fallback_rate",
    )
    summary: dict[str, object] = {k: result[k] for k in keep if k in result}
    summary["per_language"] = result.get("per_language", {})
    echo(
        f"Held-out ({folder}): macro F1 {result['macro_f1']:.3f}, accuracy {result['accuracy']:.3f}, "
        f"out-of-scope safe {result.get('out_of_scope_safe_rate', float('nan')):.3f}"
    )
    return summary
