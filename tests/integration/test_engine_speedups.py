"""Rasa's speed-ups keep every conversation as it was (``engine/wegweiser_engine/speedups.py``: read
back from a real SQL tracker store with and without them, the same events, sessions and slots), and
the engine serves without TensorFlow unless the model needs it (``without_tensorflow.py``)."""

from __future__ import annotations

from pathlib import Path

from bot.config import load_settings
from bot.engine.models import ModelInfo
from tests.auxil.engine import run_engine_script
from tests.auxil.ports import free_port
from tests.auxil.stack import RunningStack


def test_a_conversation_reads_back_the_same_with_the_speedups(tmp_path: Path) -> None:
    settings = load_settings(var_dir=tmp_path)
    result = run_engine_script(settings, "tracker_speedups", {"db": str(tmp_path / "tracker.db")})
    assert result["patched"]
    assert result["same"]
    # the premise: only the newest session is read, and its slot is there
    assert result["events_last_session"] == 3 + 20 * 3 + 1
    assert result["events_all_sessions"] > result["events_last_session"]
    assert result["language"] == "uk"
    assert (result["pool_before"], result["pool_after"]) == ("NullPool", "QueuePool")


def test_the_model_is_served_without_tensorflow_and_tensorflow_classes_still_work(
    trained_model: ModelInfo, tmp_path: Path
) -> None:
    settings = load_settings(var_dir=tmp_path)
    result = run_engine_script(
        settings, "without_tensorflow", {"model": str(trained_model.path), "text": "ich suche eine Wohnung"}
    )
    assert result["intent"] == "housing_search"
    assert result["served_without_tensorflow"]
    # a model with DIET or TED would get the real classes, TensorFlow imported then
    assert result["generator"] == "rasa.utils.tensorflow.data_generator.RasaBatchDataGenerator"
    assert result["generator_checks_as_its_class"]
    assert result["class_attribute_works"]
    assert result["tensorflow_after"]


def test_the_running_engine_has_not_loaded_tensorflow(stack: RunningStack) -> None:
    """Hundreds of MB and seconds of start-up saved (docs/performance.md); the stack still answers."""
    engine = next(run for run in stack.supervisor.running if run.spec.name == "rasa")
    libraries = Path(f"/proc/{engine.process.pid}/maps").read_text()
    assert "tensorflow" not in libraries


def test_a_kept_conversation_reads_back_what_the_database_holds(tmp_path: Path) -> None:
    """The tracker Rasa just saved is handed out for the next message only while the database holds
    what it held then; another process's message, the phone-number scrub, a deletion, an unsaved
    change and a new session all read from the database (``wegweiser_engine/tracker_cache.py``)."""
    settings = load_settings(var_dir=tmp_path)
    result = run_engine_script(settings, "tracker_cache", {"db": str(tmp_path / "tracker.db")})
    assert result["applied"]
    assert result["kept_and_handed_out"] and result["kept_reads_as_stored"]
    assert result["turns_from_memory"] == 3
    assert result["turns_stored"] == ["Runde 0", "Runde 1", "Runde 2"]
    assert result["rows_match_events"]  # no event stored twice, none missing
    assert result["sees_other_process"] == ["eins", "zwei"]
    assert result["unsaved_change"] == ["eins", "zwei"]
    assert result["after_scrub"] == ["eins", "zwei", "ruf mich an [phone]"]
    assert result["after_delete"] is None
    assert result["new_session"] == ["neue Sitzung"]
    assert result["kept_count"] == 5  # the limit
    assert result["kept_newest"] == [f"tg-many-{n}" for n in range(3, 8)]
    assert result["kept_after_purge_of_old"] == 5 and result["kept_after_cutoff_now"] == 0
    assert not result["old_kept_handed_out"]  # older than a session: read from the database
    assert result["old_kept_reads_as_stored"] == ["vor langer Zeit"]
    assert result["read_handed_out"]
    assert result["handed_after_purge_of_old"] and not result["handed_after_cutoff_now"]
    assert result["memory_store_untouched"] and result["memory_deleted"]


def test_the_rule_policy_finds_the_same_rules_with_the_shorter_walk(
    trained_model: ModelInfo, tmp_path: Path
) -> None:
    """The trained model's own rules, matched against hundreds of conversations built from their
    states (up to dozens of turns, with conversation starts among the newest states): the same
    rules with the speed-up."""
    settings = load_settings(var_dir=tmp_path)
    result = run_engine_script(
        settings, "rule_keys", {"model": str(trained_model.path), "conversations": 400}
    )
    assert result["patched"]
    assert result["rules"] > 100 and result["longest_conversation"] > 20
    assert result["matched"] > 300  # most conversations end in a rule: the comparison means something
    assert result["starts"] > 150  # a conversation start among the newest states in many of them
    assert result["same"]


def test_action_calls_on_a_kept_connection_send_and_answer_the_same(tmp_path: Path) -> None:
    """Rasa's calls to the action server reuse one connection and encode with ujson: the server gets
    the same body, Rasa the same reply and the same error, and a restarted server is reached again."""
    settings = load_settings(var_dir=tmp_path)
    result = run_engine_script(settings, "action_calls", {"port": free_port()})
    assert result["patched"]
    rasa, ours = result["rasa"], result["ours"]
    assert ours["bodies"] == rasa["bodies"] == 6 and ours["bodies_same"] and rasa["bodies_same"]
    assert ours["replies"] == rasa["replies"]
    assert ours["replies"][0] == {"events": [], "responses": [{"text": "Hallo"}], "token": "token"}
    assert ours["failure"] == rasa["failure"] == [500, "Internal Server Error", '{"error": "action_failed"}']
    assert ours["plain"] is None and rasa["plain"] is None
    assert ours["after_restart"] == rasa["after_restart"] == ours["replies"][0]
    assert rasa["connections"] == 5  # Rasa alone: a new connection per call
    assert ours["connections"] == 1
    assert result["sessions_left"] == 0
