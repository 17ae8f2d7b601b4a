"""Language detection compared per language on tests/nlu: lingua vs the identifier trained from nlu_data.

Run by hand: ``.venv/bin/python bench/langid_compare.py``. Prints, per language, how often each method
names the language of a held-out message (unsure counts as a miss), the share left unsure, and the
identifier's training time, file size, load time and time per message.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.engine.train import OTHER_LANGUAGES
from bot.languages import language_codes
from bot.nlu.data import other_language_lines, read_examples
from bot.nlu.langid import LanguageIdentifier
from bot.nlu.language import MIN_PROBABILITY, decide

Detector = Callable[[str], str | None]


def lingua_detector(min_confidence: float) -> Detector:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    wanted = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in language_codes()]
    detector = LanguageDetectorBuilder.from_languages(*wanted).build()

    def detect(text: str) -> str | None:
        values = detector.compute_language_confidence_values(text)
        if not values or values[0].value < min_confidence:
            return None
        return str(values[0].language.iso_code_639_1.name.lower())

    return detect


def combined_detector(identifier: LanguageIdentifier, weight: float) -> Detector:
    """Average of the identifier's and lingua's probabilities (lingua weighted by ``weight``)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    wanted = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in language_codes()]
    detector = LanguageDetectorBuilder.from_languages(*wanted).build()

    def detect(text: str) -> str | None:
        ours = identifier.probabilities(text)
        theirs = {
            v.language.iso_code_639_1.name.lower(): v.value
            for v in detector.compute_language_confidence_values(text)
        }
        mixed = {c: (1 - weight) * p + weight * theirs.get(c, 0.0) for c, p in ours.items()}
        return decide(mixed, MIN_PROBABILITY)

    return detect


def main() -> int:
    codes = language_codes()
    started = time.perf_counter()
    train = list(read_examples([PROJECT_ROOT / "nlu_data"], codes))
    identifier = LanguageIdentifier.from_examples(train, other_language_lines(OTHER_LANGUAGES))
    train_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "langid.npz"
        identifier.save(path)
        size_mb = path.stat().st_size / 1e6
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        identifier = LanguageIdentifier.load(path)
        load_ms = (time.perf_counter() - started) * 1000
        memory_mb = identifier.keys.nbytes + identifier.weights.nbytes + identifier.idf.nbytes
        _ = rss_before

    held_out = {
        code: list(read_examples([PROJECT_ROOT / "tests" / "nlu" / f"{code}.yml"], codes))
        for code in codes
        if (PROJECT_ROOT / "tests" / "nlu" / f"{code}.yml").is_file()
    }
    methods: dict[str, Detector] = {
        "lingua (≥0.6)": lingua_detector(0.6),
        "lingua (argmax)": lingua_detector(0.0),
        "ours (argmax)": lambda t: decide(identifier.probabilities(t), 0.0),
        f"ours (≥{MIN_PROBABILITY})": lambda t: decide(identifier.probabilities(t), MIN_PROBABILITY),
        "ours+lingua 0.3": combined_detector(identifier, 0.3),
    }
    hits: dict[str, dict[str, float]] = defaultdict(dict)
    unsure: dict[str, float] = {}
    timings: list[float] = []
    for name, detect in methods.items():
        for code, examples in held_out.items():
            answers = []
            for example in examples:
                started = time.perf_counter()
                answers.append(detect(example.text))
                if name.startswith("ours (≥"):
                    timings.append(time.perf_counter() - started)
            hits[name][code] = sum(a == code for a in answers) / len(answers)
            if name.startswith("ours (≥"):
                unsure[code] = sum(a is None for a in answers) / len(answers)
    width = max(len(n) for n in methods)
    print(f"{'method':{width}}  " + "  ".join(f"{c:>5}" for c in held_out) + "    all")
    for name in methods:
        row = hits[name]
        print(
            f"{name:{width}}  "
            + "  ".join(f"{row[c]:5.3f}" for c in held_out)
            + f"  {statistics.mean(row.values()):5.3f}"
        )
    print(f"{'unsure (ours)':{width}}  " + "  ".join(f"{unsure[c]:5.3f}" for c in held_out))
    print(
        f"\nidentifier: trained in {train_seconds:.1f} s from {len(train)} examples, "
        f"{len(identifier.keys)} n-grams, file {size_mb:.1f} MB, arrays {memory_mb / 1e6:.1f} MB, "
        f"loads in {load_ms:.0f} ms, {statistics.median(timings) * 1e3:.2f} ms per message (median)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
