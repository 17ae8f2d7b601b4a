"""The topic registry against everything that lists topics: domain, rules, answers, titles, NLU data.

The registry (``content/topics.yml``) is the one list of topics. ``domain.yml`` and
``rules/rules.yml`` carry generated copies of it between marker comments (``wegweiser nlu sync``
writes them); the answer files and the title translations must cover every topic. Each problem is one
line that says where and what to do, so ``wegweiser nlu validate`` and ``wegweiser train`` can refuse
a project whose parts disagree before anything is trained.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from bot.topics import GENERAL_COUNSELLING, META_INTENTS, Registry

REGISTRY_PATH: Final = Path("content") / "topics.yml"
DOMAIN_PATH: Final = Path("domain.yml")
RULES_PATH: Final = Path("rules") / "rules.yml"
ANSWERS_DIR: Final = Path("content") / "answers"
LOCALES_DIR: Final = Path("locales")
SYNC_HINT: Final = "run `wegweiser nlu sync` (it writes the topic lists from content/topics.yml)"

ANSWERED_META: Final = tuple(
    name for name in META_INTENTS if name not in ("choose_language", "emergency", "inform_location")
)
"""Meta intents ``action_answer`` answers with a fixed reply (the answer rule lists them with the topics)."""
INTERRUPTING_META: Final = ("greet", "thank", "bot_challenge", "privacy")
"""Meta intents answered while the form asks for the place, after which it asks again."""

_BEGIN = re.compile(r"^(?P<indent>\s*)# topics: (?P<name>[a-z_]+) \(generated", re.MULTILINE)
_END = "# topics: end"


@dataclass(frozen=True)
class Block:
    """A generated list between marker comments: its name and the lines it should hold."""

    name: str
    item: str
    """How one entry is written, ``{name}`` standing for the intent."""
    intents: tuple[str, ...]


def blocks(registry: Registry) -> dict[Path, list[Block]]:
    """The generated blocks of each file, from the registry."""
    answered = tuple(t.name for t in registry.topics.values() if t.answer == "text")
    interrupting = tuple(t for t in registry.names if t != GENERAL_COUNSELLING)
    return {
        DOMAIN_PATH: [Block("intents", "- {name}", registry.names)],
        RULES_PATH: [
            Block("answered", "- intent: {name}", ANSWERED_META + answered),
            Block("interrupting", "- intent: {name}", INTERRUPTING_META + interrupting),
        ],
    }


def _sections(text: str) -> dict[str, tuple[int, int, str]]:
    """Marker name → (start, end, indent) of the lines between its begin and end markers."""
    found: dict[str, tuple[int, int, str]] = {}
    for match in _BEGIN.finditer(text):
        start = text.index("\n", match.end()) + 1
        end = text.find(f"{match.group('indent')}{_END}", start)
        if end >= 0:
            found[match.group("name")] = (start, end, match.group("indent"))
    return found


def _listed(section: str) -> list[str]:
    return re.findall(r"^\s*- (?:intent: )?([A-Za-z_]+)\s*$", section, re.MULTILINE)


def sync(root: Path, registry: Registry) -> list[Path]:
    """Write the registry's topic lists into the generated blocks; return the files that changed."""
    changed = []
    for relative, wanted in blocks(registry).items():
        path = root / relative
        text = path.read_text(encoding="utf-8")
        new = text
        for block in wanted:
            sections = _sections(new)
            if block.name not in sections:
                raise ValueError(f"{relative}: the marker `# topics: {block.name} (generated …)` is missing")
            start, end, indent = sections[block.name]
            lines = "".join(f"{indent}{block.item.format(name=intent)}\n" for intent in block.intents)
            new = new[:start] + lines + new[end:]
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def _generated_problems(root: Path, registry: Registry) -> list[str]:
    found = []
    for relative, wanted in blocks(registry).items():
        path = root / relative
        if not path.is_file():
            found.append(f"{relative}: missing")
            continue
        sections = _sections(path.read_text(encoding="utf-8"))
        for block in wanted:
            if block.name not in sections:
                found.append(f"{relative}: the generated list `{block.name}` has no markers; {SYNC_HINT}")
                continue
            start, end, _indent = sections[block.name]
            listed = _listed(path.read_text(encoding="utf-8")[start:end])
            missing = [i for i in block.intents if i not in listed]
            extra = [i for i in listed if i not in block.intents]
            if missing or extra:
                parts = [
                    f"missing {', '.join(missing)}" if missing else "",
                    f"not in the registry {', '.join(extra)}" if extra else "",
                ]
                found.append(f"{relative} ({block.name}): {'; '.join(p for p in parts if p)}; {SYNC_HINT}")
    domain = _yaml(root / DOMAIN_PATH)
    declared = set(domain.get("intents") or []) if isinstance(domain, dict) else set()
    unknown = sorted(declared - set(META_INTENTS) - set(registry.names))
    if unknown:
        found.append(f"{DOMAIN_PATH}: intents that are neither meta intents nor topics: {', '.join(unknown)}")
    return found


def _yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None


def _answer_problems(root: Path, registry: Registry, languages: Iterable[str]) -> list[str]:
    wanted = [t.name for t in registry.topics.values() if t.answer == "text"]
    found = []
    for language in languages:
        path = ANSWERS_DIR / f"{language}.yml"
        document = _yaml(root / path)
        if not isinstance(document, dict):
            found.append(f"{path}: missing or not readable")
            continue
        present = {
            a.get("topic") for a in document.get("answers") or [] if isinstance(a, dict) and a.get("text")
        }
        missing = [t for t in wanted if t not in present]
        if missing:
            found.append(f"{path}: no answer for {', '.join(missing)} (write it; docs/topics.md)")
    return found


def _translated(message: Message | None) -> bool:
    return message is not None and bool(message.string)


def _title_problems(root: Path, registry: Registry, languages: Iterable[str]) -> list[str]:
    found = []
    for language in languages:
        if language == "en":
            continue  # the msgids are English
        path = LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"
        try:
            with (root / path).open("rb") as handle:
                catalogue = read_po(handle, locale=language)
        except OSError:
            found.append(f"{path}: missing")
            continue
        missing = [t for t in registry.titles() if not _translated(catalogue.get(t))]
        if missing:
            titles = ", ".join(f"“{t}”" for t in missing)
            found.append(
                f"{path}: no translation of {titles} "
                "(`python -m bot.i18n.catalogues extract` and `update`, then translate)"
            )
    return found


def project_problems(root: Path, registry: Registry, languages: Iterable[str]) -> list[str]:
    """Everything that disagrees with the registry, one line each (empty: all agree)."""
    codes = list(languages)
    return (
        _generated_problems(root, registry)
        + _answer_problems(root, registry, codes)
        + _title_problems(root, registry, codes)
    )
