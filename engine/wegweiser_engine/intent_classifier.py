"""A linear intent classifier on TF-IDF n-grams of three views of each message: the only one.

Why: on our data (ten languages, phone-style writing, a third of some languages in Latin letters) a
linear model on character n-grams of the plain, romanised and consonant-skeleton views generalises
better to new phrasings than DIET does, and trains in seconds instead of many minutes (figures in
docs/nlu.md). DIET was blended in until December 2026; it added 0.005 macro-F1 for most of the
training time and was removed.

Pipeline position: after the entity extractors (places are masked, so "flat in Gera" looks like "flat in
Köln"); before FallbackClassifier, which reads the confidence set here.

Persistence: vocabularies as JSON, weights as ``.npz`` (no pickle). Needs Rasa, scikit-learn, numpy.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from wegweiser_engine.combine import Combination, combine
from wegweiser_engine.sentences import is_question, segments
from wegweiser_engine.text_features import mask_spans, views

logger = logging.getLogger(__name__)

INTENT_RANKING = "intent_ranking"
WORD_PATTERN = r"(?u)\b\w+\b"


def _vectorizer(spec: dict[str, Any], vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
    analyzer = spec["analyzer"]
    return TfidfVectorizer(
        analyzer=analyzer,
        ngram_range=(int(spec["min"]), int(spec["max"])),
        sublinear_tf=True,
        lowercase=False,
        token_pattern=WORD_PATTERN if analyzer == "word" else None,
        min_df=int(spec.get("min_df", 1)),
        vocabulary=vocabulary,
        dtype=np.float32,
    )


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class WegweiserIntentClassifier(GraphComponent, IntentClassifier):
    """Linear SVM over n-grams of the plain/roman/skeleton views; softmax-scaled."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # One TF-IDF block per entry: which view, char_wb or word n-grams, n-gram range.
            "features": [
                {"view": "plain", "analyzer": "char_wb", "min": 2, "max": 5},
                {"view": "plain", "analyzer": "word", "min": 1, "max": 2},
                {"view": "roman", "analyzer": "char_wb", "min": 2, "max": 5},
                {"view": "skeleton", "analyzer": "char_wb", "min": 2, "max": 4},
            ],
            "C": 0.5,
            # SVM scores -> confidences: softmax(scale * score); tuned with the fallback threshold.
            "scale": 5.0,
            # Entities replaced by a placeholder before featurising.
            "mask_entities": ["location"],
            "ranking_length": 10,
            # Long messages (sentences.py, combine.py): each part is scored too; parts that are only
            # context are left out, the clearest other part (a question gets a bonus) is mixed with
            # the whole message. Chosen by cross-validation (bench/long_messages.py, docs/nlu.md).
            "split_sentences": True,
            "whole_weight": 0.3,
            "question_bonus": 1.0,
            "context_intents": ["greet", "thank", "goodbye", "affirm", "deny", "inform_location", "help"],
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vectorizers: list[TfidfVectorizer] | None = None,
        weights: np.ndarray | None = None,
        bias: np.ndarray | None = None,
        labels: list[str] | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizers = vectorizers or []
        self._idf: list[np.ndarray] = []  # per vectorizer, filled on first use after fit or load
        self._set_weights(weights)
        self.bias = bias
        self.labels = labels or []

    def _set_weights(self, weights: np.ndarray | None) -> None:
        """Keep the weights as features × intents in row order (``weights`` is its transposed view).

        A sparse row times a transposed (column-order) matrix makes scipy copy the whole matrix on
        every message; in row order the product touches only the message's own n-grams.
        """
        self._by_feature = None if weights is None else np.ascontiguousarray(weights.T)
        self.weights = None if self._by_feature is None else self._by_feature.T

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> WegweiserIntentClassifier:
        return cls(config, model_storage, resource)

    # --- features ---------------------------------------------------------------------------
    def _masked(self, messages: list[Message]) -> list[str]:
        masked = set(self.config["mask_entities"])
        result = []
        for message in messages:
            text = message.get(TEXT) or ""
            spans = [
                (int(e["start"]), int(e["end"]))
                for e in message.get(ENTITIES) or []
                if e.get("entity") in masked and "start" in e and "end" in e
            ]
            result.append(mask_spans(text, _disjoint(spans)) if spans else text)
        return result

    def _matrix(self, texts: list[dict[str, str]], fit: bool) -> csr_matrix:
        blocks = []
        for index, (spec, vectorizer) in enumerate(
            zip(self.config["features"], self.vectorizers, strict=True)
        ):
            column = [t[spec["view"]] for t in texts]
            if fit:
                blocks.append(vectorizer.fit_transform(column))
            else:
                blocks.append(self._tfidf(index, vectorizer, column))
        return hstack(blocks, format="csr")

    def _tfidf(self, index: int, vectorizer: TfidfVectorizer, column: list[str]) -> csr_matrix:
        """``vectorizer.transform(column)``, the same arithmetic without scikit-learn's per-call checks.

        scikit-learn 1.1 recomputes ``idf_`` from its diagonal matrix (hundreds of thousands of
        entries) twice per call just to see that the vectorizer is fitted: two thirds of a parse.
        Here: the n-gram counts, 1 + log(tf), times idf (float64, as scikit-learn keeps it), rows
        scaled to unit length.
        """
        while len(self._idf) <= index:
            self._idf.append(np.asarray(self.vectorizers[len(self._idf)].idf_, dtype=np.float64))
        matrix = CountVectorizer.transform(vectorizer, column).astype(np.float64)
        np.log(matrix.data, matrix.data)
        matrix.data += 1.0
        matrix.data *= self._idf[index][matrix.indices]
        return normalize(matrix, norm="l2", copy=False)

    # --- training -----------------------------------------------------------------------------
    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return self._resource
        self.fit(self._masked(examples), [str(e.get(INTENT)) for e in examples])
        self.persist()
        return self._resource

    def fit(self, texts: list[str], intents: list[str], weights: list[float] | None = None) -> None:
        """Train on texts whose places are already masked (also used by bench/long_messages.py);
        ``weights`` count an example more or less than one line (bench/real_questions_cv.py)."""
        self.vectorizers = [_vectorizer(spec) for spec in self.config["features"]]
        self._idf = []
        matrix = self._matrix([views(t) for t in texts], fit=True)
        svm = LinearSVC(C=float(self.config["C"]), random_state=0)
        svm.fit(matrix, intents, sample_weight=None if weights is None else np.asarray(weights))
        self.labels = [str(label) for label in svm.classes_]
        weights, bias = svm.coef_, svm.intercept_
        if len(self.labels) == 2:
            weights, bias = np.vstack([-weights[0], weights[0]]), np.array([-bias[0], bias[0]])
        self._set_weights(np.asarray(weights, dtype=np.float32))
        self.bias = np.asarray(bias, dtype=np.float32)

    # --- prediction ---------------------------------------------------------------------------
    def _raw_scores(self, texts: list[str]) -> np.ndarray:
        assert self._by_feature is not None and self.bias is not None
        # float32 like the weights: a float64 matrix would make scipy convert all weights per call.
        features = self._matrix([views(t) for t in texts], fit=False).astype(np.float32)
        return np.asarray(features @ self._by_feature + self.bias)

    def scores(self, texts: list[str]) -> np.ndarray:
        """SVM scores (texts × labels); a long message's from its parts and the whole (combine.py)."""
        how = self._combination()
        if how is None:
            return self._raw_scores(texts)
        parts = [segments(t) if t.strip() else [t] for t in texts]
        batch = list(texts)
        for pieces in parts:
            if len(pieces) > 1:
                batch.extend(pieces)
        raw = self._raw_scores(batch)
        rows = []
        position = len(texts)
        for index, pieces in enumerate(parts):
            if len(pieces) > 1:
                block = raw[position : position + len(pieces)]
                position += len(pieces)
                questions = [is_question(p) for p in pieces]
                rows.append(combine(raw[index], block, questions, self.labels, how))
            else:
                rows.append(raw[index])
        return np.vstack(rows) if rows else raw

    def _combination(self) -> Combination | None:
        if not self.config["split_sentences"]:
            return None
        return Combination(
            whole_weight=float(self.config["whole_weight"]),
            question_bonus=float(self.config["question_bonus"]),
            context_intents=frozenset(self.config["context_intents"]),
        )

    def confidences(self, texts: list[str]) -> np.ndarray:
        scores = self.scores(texts) * float(self.config["scale"])
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return np.asarray(scores / scores.sum(axis=1, keepdims=True))

    def process(self, messages: list[Message]) -> list[Message]:
        if not self.labels or not messages:
            return messages
        confidences = self.confidences(self._masked(messages))
        for message, row in zip(messages, confidences, strict=True):
            mixed = {label: float(p) for label, p in zip(self.labels, row, strict=True)}
            ranking = sorted(
                ({"name": k, "confidence": v} for k, v in mixed.items()),
                key=lambda r: -float(r["confidence"]),  # type: ignore[arg-type]
            )
            message.set(INTENT, ranking[0], add_to_output=True)
            length = int(self.config["ranking_length"])
            message.set(INTENT_RANKING, ranking[:length] if length else ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    # --- persistence --------------------------------------------------------------------------
    def persist(self) -> None:
        assert self.weights is not None and self.bias is not None
        with self._model_storage.write_to(self._resource) as directory:
            vocabularies = [sorted(v.vocabulary_, key=v.vocabulary_.__getitem__) for v in self.vectorizers]
            (directory / "features.json").write_text(
                json.dumps({"labels": self.labels, "vocabularies": vocabularies}, ensure_ascii=False),
                encoding="utf-8",
            )
            np.savez_compressed(
                directory / "weights.npz",
                weights=self.weights.astype(np.float16),
                bias=self.bias,
                **{f"idf{i}": v.idf_.astype(np.float32) for i, v in enumerate(self.vectorizers)},
            )

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> WegweiserIntentClassifier:
        merged = {**cls.get_default_config(), **config}
        try:
            with model_storage.read_from(resource) as directory:
                stored = json.loads((directory / "features.json").read_text(encoding="utf-8"))
                with np.load(directory / "weights.npz", allow_pickle=False) as arrays:
                    weights = arrays["weights"].astype(np.float32)
                    bias = arrays["bias"].astype(np.float32)
                    idfs = [arrays[f"idf{i}"] for i in range(len(merged["features"]))]
        except (ValueError, FileNotFoundError, KeyError):
            logger.warning("WegweiserIntentClassifier: no trained weights; predicting nothing")
            return cls(merged, model_storage, resource)
        vectorizers = []
        for spec, words, idf in zip(merged["features"], stored["vocabularies"], idfs, strict=True):
            vectorizer = _vectorizer(spec, {w: i for i, w in enumerate(words)})
            vectorizer.idf_ = idf
            vectorizers.append(vectorizer)
        return cls(merged, model_storage, resource, vectorizers, weights, bias, stored["labels"])


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans overlapping an earlier one (a lookup match inside a regex match, say)."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept
