"""Serve without importing TensorFlow when no component of the model needs it.

Why: Rasa 3.6 imports TensorFlow on every start, although this project's pipeline (a linear classifier,
regexes, rules) never calls it: about 7 of the 16 seconds Rasa takes to import, and hundreds of MB of
resident memory (docs/performance.md). The import comes through three modules only (:data:`DEFERRED`):
two that ``rasa.utils.train_utils`` imports for training, and the training graph's validator, which
Rasa resolves when it reads a model. Here they are replaced by stand-ins whose classes load the real
module the moment one of them is used (a model with DIET or TED: called, an attribute read, an
instance checked), so nothing changes for such a model except when TensorFlow is imported.

Installed by ``wegweiser_engine.serve`` before Rasa is imported, for ``rasa run`` only.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from types import ModuleType
from typing import Any

DEFERRED: dict[str, tuple[str, ...]] = {
    "rasa.utils.tensorflow.callback": ("RasaTrainingLogger", "RasaModelCheckpoint"),
    "rasa.utils.tensorflow.data_generator": ("RasaDataGenerator", "RasaBatchDataGenerator"),
    # Named in every model's *training* graph, which Rasa reads back with the serving graph; it
    # imports DIET and TED to check configurations.
    "rasa.graph_components.validators.default_recipe_validator": ("DefaultV1RecipeValidator",),
}


def _real(module: str) -> ModuleType:
    """The real module, imported now (the stand-in leaves ``sys.modules`` and the finder skips it)."""
    stand_in = sys.modules.get(module)
    if stand_in is not None and getattr(stand_in, "__wegweiser_stand_in__", False):
        del sys.modules[module]
    _FINDER.passed.add(module)
    return importlib.import_module(module)


class _Deferred(type):
    """A stand-in class: calling it, reading its attributes (``RasaDataGenerator.prepare_batch``, as
    DIET and TED do) or checking instances against it reaches the real class, imported then."""

    def _target(cls) -> type:
        real: type = getattr(_real(cls.__module__), cls.__name__)
        return real

    def __getattr__(cls, name: str) -> Any:
        return getattr(cls._target(), name)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls._target()(*args, **kwargs)

    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, cls._target())

    def __subclasscheck__(cls, subclass: type) -> bool:
        return issubclass(subclass, cls._target())


class _Loader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = ModuleType(spec.name, "Stand-in until TensorFlow is needed (wegweiser_engine).")
        module.__wegweiser_stand_in__ = True  # type: ignore[attr-defined]
        for name in DEFERRED[spec.name]:
            setattr(module, name, _Deferred(name, (), {"__module__": spec.name, "__qualname__": name}))
        return module

    def exec_module(self, module: ModuleType) -> None:
        return None


class _Finder(importlib.abc.MetaPathFinder):
    def __init__(self) -> None:
        self.passed: set[str] = set()

    def find_spec(
        self, fullname: str, path: Any, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname in DEFERRED and fullname not in self.passed and "tensorflow" not in sys.modules:
            return importlib.machinery.ModuleSpec(fullname, _Loader())
        return None


_FINDER = _Finder()


def install() -> None:
    """Before Rasa is imported (idempotent)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
