"""Compare NLU pipelines by cross-validation on nlu_data/ (and optionally on the held-out tests/nlu/).

Run by hand (not in CI; it trains several Rasa models):

    .venv/bin/python bench/nlu_compare.py                      # 3 folds, all configurations
    .venv/bin/python bench/nlu_compare.py --folds 5 --heldout  # also train on all data, score tests/nlu
    .venv/bin/python bench/nlu_compare.py --only baseline

Configurations: the Rasa pipelines in ``bench/nlu_configs/*.yml`` plus the project's ``config.yml``,
and a plain scikit-learn baseline (TF-IDF char_wb 2–5 + word 1–2 n-grams, sublinear, logistic
regression). Every configuration sees exactly the same folds (stratified by language and intent, fixed
seed). Prints macro-F1 per language and overall (mean over folds), out-of-scope safety, training time per
fold and model size, as a Markdown table for docs/nlu.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT, load_settings
from bot.engine.evaluate import parse_messages, scores
from bot.engine.runtime import engine_env, rasa_executable
from bot.engine.train import heldout_files
from bot.languages import language_codes
from bot.topics import TOPICS

CONFIG_DIR = PROJECT_ROOT / "bench" / "nlu_configs"


@dataclass(frozen=True)
class Line:
    """One training line as written (entity markup kept), with its intent and language."""

    annotated: str
    intent: str
    language: str

    @property
    def text(self) -> str:
        from bot.nlu.data import plain_text

        return plain_text(self.annotated)


@dataclass
class Figures:
    per_language: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    overall: list[float] = field(default_factory=list)
    oos_safe: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    size_mb: list[float] = field(default_factory=list)


def read_lines(files: Sequence[Path], language: str) -> list[Line]:
    lines = []
    for file in files:
        document = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for block in document.get("nlu") or []:
            if "intent" not in block:
                continue
            for raw in str(block.get("examples") or "").splitlines():
                raw = raw.strip()
                if raw.startswith("- "):
                    lines.append(Line(raw[2:].strip(), block["intent"], language))
    return lines


def training_lines() -> list[Line]:
    lines = []
    for code in language_codes():
        folder = PROJECT_ROOT / "nlu_data" / code
        if folder.is_dir():
            lines += read_lines(sorted(folder.glob("*.yml")), code)
    return lines


def heldout_lines() -> list[Line]:
    return [line for f in heldout_files(PROJECT_ROOT) for line in read_lines([f], f.stem)]


def folds(lines: list[Line], k: int) -> list[tuple[list[Line], list[Line]]]:
    from sklearn.model_selection import StratifiedKFold

    labels = [f"{line.language}|{line.intent}" for line in lines]
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=0)
    return [
        ([lines[i] for i in train], [lines[i] for i in test]) for train, test in splitter.split(lines, labels)
    ]


def write_training_data(lines: list[Line], folder: Path) -> Path:
    """Rasa NLU files for ``lines`` plus the project's regexes and lookup tables."""
    folder.mkdir(parents=True)
    by_language: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for line in lines:
        by_language[line.language][line.intent].append(line.annotated)
    for code, intents in by_language.items():
        blocks = [
            {"intent": intent, "examples": "".join(f"- {e}\n" for e in examples)}
            for intent, examples in intents.items()
        ]
        (folder / f"{code}.yml").write_text(
            yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
    for extra in [
        PROJECT_ROOT / "nlu_data" / "regex.yml",
        *(PROJECT_ROOT / "nlu_data" / "lookup").glob("*.yml"),
    ]:
        (folder / extra.name).write_text(extra.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def record(figures: Figures, test: list[Line], predicted: list[str | None]) -> None:
    overall = scores([t.intent for t in test], predicted)
    figures.overall.append(overall["macro_f1"])
    by_language: dict[str, list[int]] = defaultdict(list)
    for index, line in enumerate(test):
        by_language[line.language].append(index)
    for code, indices in by_language.items():
        result = scores([test[i].intent for i in indices], [predicted[i] for i in indices])
        figures.per_language[code].append(result["macro_f1"])
    oos = [p for t, p in zip(test, predicted, strict=True) if t.intent == "out_of_scope"]
    if oos:
        figures.oos_safe.append(sum(p not in TOPICS for p in oos) / len(oos))


def run_rasa(config: Path, train: list[Line], test: list[Line], work: Path, figures: Figures) -> None:
    settings = load_settings()
    data = write_training_data(train, work / "data")
    started = time.perf_counter()
    completed = subprocess.run(
        [
            str(rasa_executable(settings)),
            "train",
            "nlu",
            "--nlu",
            str(data),
            "--config",
            str(config),
            "--out",
            str(work),
            "--fixed-model-name",
            "model",
        ],
        env=engine_env(settings),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise SystemExit(f"{config.name}: training failed\n{completed.stdout[-3000:]}")
    figures.seconds.append(time.perf_counter() - started)
    model = work / "model.tar.gz"
    figures.size_mb.append(model.stat().st_size / 1e6)
    predicted = [p.intent for p in parse_messages(settings, model, [t.text for t in test])]
    record(figures, test, predicted)


def run_baseline(train: list[Line], test: list[Line], figures: Figures) -> None:
    """scikit-learn TF-IDF char_wb 2–5 + word 1–2 (sublinear) + logistic regression."""
    import pickle

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    model = make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
        ),
        LogisticRegression(C=10, max_iter=1000),
    )
    started = time.perf_counter()
    model.fit([t.text.lower() for t in train], [t.intent for t in train])
    figures.seconds.append(time.perf_counter() - started)
    figures.size_mb.append(len(pickle.dumps(model)) / 1e6)
    record(figures, test, [str(p) for p in model.predict([t.text.lower() for t in test])])


def table(results: dict[str, Figures], languages: list[str], title: str) -> str:
    head = "| configuration | " + " | ".join(languages) + " | all | oos safe | train s | MB |"
    rule = "|" + "---|" * (len(languages) + 5)
    rows = [f"**{title}**", "", head, rule]
    for name, f in results.items():
        cells = [f"{statistics.mean(f.per_language[c]):.3f}" for c in languages]
        rows.append(
            f"| {name} | "
            + " | ".join(cells)
            + f" | **{statistics.mean(f.overall):.3f}** | {statistics.mean(f.oos_safe):.3f}"
            f" | {statistics.mean(f.seconds):.0f} | {statistics.mean(f.size_mb):.1f} |"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--heldout", action="store_true", help="also train on all, score tests/nlu")
    parser.add_argument("--only", nargs="*", help="configuration names to run (file stems, baseline)")
    args = parser.parse_args(argv)

    configs = {"config.yml (chosen)": PROJECT_ROOT / "config.yml"}
    configs |= {p.stem: p for p in sorted(CONFIG_DIR.glob("*.yml"))}
    names = [*configs, "baseline"]
    if args.only:
        names = [n for n in names if n in args.only or n.split()[0] in args.only]
    lines = training_lines()
    languages = sorted({line.language for line in lines}, key=language_codes().index)
    splits = folds(lines, args.folds)
    results: dict[str, Figures] = {}
    heldout: dict[str, Figures] = {}
    with tempfile.TemporaryDirectory(prefix="wegweiser-bench-") as tmp:
        for name in names:
            cv = results[name] = Figures()
            for index, (train, test) in enumerate(splits):
                print(f"{name}: fold {index + 1}/{len(splits)} …", file=sys.stderr, flush=True)
                if name == "baseline":
                    run_baseline(train, test, cv)
                else:
                    run_rasa(configs[name], train, test, Path(tmp) / f"{len(results)}-{index}", cv)
                fold_figures = {c: round(v[-1], 3) for c, v in cv.per_language.items()}
                print(
                    f"{name}: fold {index + 1}: macro-F1 {cv.overall[-1]:.3f} {fold_figures}, "
                    f"{cv.seconds[-1]:.0f} s, {cv.size_mb[-1]:.1f} MB",
                    file=sys.stderr,
                    flush=True,
                )
            if args.heldout:
                print(f"{name}: all data → tests/nlu …", file=sys.stderr, flush=True)
                held = heldout[name] = Figures()
                if name == "baseline":
                    run_baseline(lines, heldout_lines(), held)
                else:
                    run_rasa(configs[name], lines, heldout_lines(), Path(tmp) / f"{name}-all", held)
    print(table(results, languages, f"Cross-validation on nlu_data/ ({args.folds} folds), macro-F1"))
    if heldout:
        print()
        print(table(heldout, languages, "Trained on all of nlu_data/, scored on tests/nlu/, macro-F1"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
