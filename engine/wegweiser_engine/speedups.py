"""Rasa 3.6.21 doing the same work once instead of per message (applied when our channel starts).

- Every custom action's answer is checked against Rasa's response schema with ``jsonschema.validate``,
  which first checks the schema itself against the JSON-Schema metaschema: about 2 ms of CPU per
  message for a schema that never changes. Here the schema is checked once and its validator kept;
  answers are validated exactly as before (same schema, same error and message when one is invalid).
- A SQLite tracker store commits every message with a wait for the disk (rollback journal, full
  sync) while Rasa's event loop stands still. In WAL mode with ``synchronous=NORMAL`` a commit
  waits for no disk; the file stays consistent, and a power cut can lose only the newest events
  of conversations that are deleted after 30 minutes anyway.
- Every stored event is turned back into an object on every message, and Rasa finds each event's
  class by walking all subclasses of ``Event`` (a fifth of Rasa's time with conversations of a few
  dozen turns). Here the class is looked up by its type name in a table built once (rebuilt when a
  name is missing, so a late subclass is still found); same classes, same errors.
- The SQL tracker store builds an ORM object per stored event only to read its ``data`` column;
  here the same query (same filter, same order) reads that column alone.
- SQLAlchemy 1.4 opens and closes a new connection to a SQLite file for every session (``NullPool``):
  three or more per message, each with its pragmas, a tenth of Rasa's time under load. Here a SQLite
  file gets a pool of open connections, as SQLAlchemy 2 does by default (PostgreSQL had one already).
- The rule policy matches its rules against the conversation's states from the newest back, and
  keeps going to the first state although a rule is decided once the walk is past its length (then
  it always applies): per prediction, every state times every rule, each rule parsed and reversed
  again for every state. Here each rule is parsed once and walked only as far back as it is long,
  with the same test per state; the same rules match.
- Every call to the action server (two per message in a form) opened a new HTTP client session and
  a new connection, and encoded the whole conversation with the standard library's ``json``: a
  tenth of Rasa's time. Here each event loop keeps one client session per set of endpoint headers,
  its connections kept alive, and the body is encoded by ``ujson`` (which Rasa installs; the same
  JSON); same request, same errors for a status of 400 or more, same reply.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from typing import Any

import aiohttp
import rasa.core.tracker_store
import sqlalchemy
import ujson
from aiohttp.client_exceptions import ContentTypeError
from rasa.core.actions.action import RemoteAction
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.constants import PREVIOUS_ACTION
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import ClientResponseError, EndpointConfig, concat_url

_checked: list[Any] = []


def _validator() -> Any:
    """Rasa's response schema, checked once, as a ready validator."""
    if not _checked:
        from jsonschema.validators import validator_for

        schema = RemoteAction.action_response_format_spec()
        cls = validator_for(schema)
        cls.check_schema(schema)
        _checked.append(cls(schema))
    return _checked[0]


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, "
            "make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # deleted conversations are overwritten, not just unlinked, whatever SQLite's build default
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()


_event_classes: dict[str, type[Event]] = {}


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """``Event.resolve_by_type`` from a table instead of a walk over every subclass per event."""
    found = _event_classes.get(type_name)
    if found is None:
        for cls in all_subclasses(Event):  # first of each name wins, as in Rasa's walk
            _event_classes.setdefault(cls.type_name, cls)
        found = _event_classes.get(type_name)
    if found is not None:
        return found
    if type_name == "topic":
        return None  # Rasa's backwards compatibility for old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


async def _sql_retrieve(
    self: SQLTrackerStore, sender_id: str, fetch_events_from_all_sessions: bool
) -> DialogueStateTracker | None:
    """Rasa's ``SQLTrackerStore._retrieve``, reading only the events' ``data`` column."""
    with self.session_scope() as session:
        query = self._event_query(session, sender_id, fetch_events_from_all_sessions)
        rows = query.with_entities(self.SQLEvent.data).all()
        events = [json.loads(row[0]) for row in rows]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None


_rasa_engine_kwargs = rasa.core.tracker_store.create_engine_kwargs


def _engine_kwargs(url: Any) -> dict[str, Any]:
    """Rasa's ``create_engine`` arguments, plus a connection pool for a SQLite file."""
    kwargs: dict[str, Any] = _rasa_engine_kwargs(url)
    parsed = sqlalchemy.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        kwargs.setdefault("poolclass", sqlalchemy.pool.QueuePool)
        kwargs.setdefault("connect_args", {"check_same_thread": False})
    return kwargs


def _reversed_rules(self: RulePolicy, lookup: dict[str, str]) -> list[tuple[str, list[Any]]]:
    """Each rule of ``lookup`` with its states newest first, parsed once per policy and lookup."""
    prepared: dict[int, tuple[dict[str, str], int, list[tuple[str, list[Any]]]]] = self.__dict__.setdefault(
        "_wegweiser_rules", {}
    )
    known = prepared.get(id(lookup))
    if known is None or known[0] is not lookup or known[1] != len(lookup):
        rules = [(key, list(reversed(self._rule_key_to_state(key)))) for key in lookup]
        known = prepared[id(lookup)] = (lookup, len(lookup), rules)
    return known[2]


def _possible_keys(self: RulePolicy, lookup: dict[str, str], states: list[Any]) -> set[str]:
    """Rasa's ``_get_possible_keys``: the rules whose states match the conversation's newest states
    (the same test per state as ``RulePolicy._is_rule_applicable``), each rule walked only as far
    back as it is long."""
    rules = _reversed_rules(self, lookup)
    newest_first = states[::-1]
    found: set[str] = set()
    for key, rule_states in rules:
        for rule_state, state in zip(rule_states, newest_first, strict=False):
            rule_previous, previous = rule_state.get(PREVIOUS_ACTION), state.get(PREVIOUS_ACTION)
            if not rule_previous and not previous:
                continue  # both are conversation starts
            if not rule_previous or not previous or not self._does_rule_match_state(rule_state, state):
                break
        else:
            found.add(key)
    return found


_sessions: dict[
    tuple[tuple[tuple[str, str], ...], ...], tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession]
] = {}
"""Per endpoint headers and basic auth: the event loop a kept session belongs to, and the session."""
_rasa_request = EndpointConfig.request


def _json_dumps(value: Any) -> str:
    """``ujson`` where it can (several times faster on a conversation), else the standard library."""
    try:
        return str(ujson.dumps(value))
    except (TypeError, OverflowError, ValueError):
        return json.dumps(value)


def _kept_session(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """This event loop's open client session for the endpoint's headers and basic auth."""
    loop = asyncio.get_running_loop()
    auth = endpoint.basic_auth or {}
    key = (
        tuple(sorted((str(k), str(v)) for k, v in (endpoint.headers or {}).items())),
        tuple(sorted((str(k), str(v)) for k, v in auth.items())),
    )
    held = _sessions.get(key)
    if held is not None and held[0] is loop and not held[1].closed:
        return held[1]
    session = aiohttp.ClientSession(
        headers=endpoint.headers,
        auth=aiohttp.BasicAuth(auth["username"], auth["password"]) if auth else None,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        connector=aiohttp.TCPConnector(limit=0),  # no cap, as with a session per request
        json_serialize=_json_dumps,
    )
    _sessions[key] = (loop, session)
    return session


async def _request(
    self: EndpointConfig,
    method: str = "post",
    subpath: str | None = None,
    content_type: str | None = "application/json",
    compress: bool = False,
    **kwargs: Any,
) -> Any:
    """Rasa's ``EndpointConfig.request`` on a kept session (Rasa's own where a CA file is set)."""
    if self.cafile:
        return await _rasa_request(self, method, subpath, content_type, compress, **kwargs)
    headers = {}
    if content_type:
        headers["Content-Type"] = content_type
    if "headers" in kwargs:
        headers.update(kwargs.pop("headers"))
    if self.headers:
        headers.update(self.headers)
    params = self.combine_parameters(kwargs)
    session = _kept_session(self)
    async with session.request(
        method, concat_url(self.url, subpath), headers=headers, params=params, compress=compress, **kwargs
    ) as response:
        if response.status >= 400:
            raise ClientResponseError(response.status, response.reason, await response.content.read())
        try:
            return await response.json()
        except ContentTypeError:
            return None


async def close_sessions() -> None:
    """Close this event loop's kept sessions (when the server stops)."""
    loop = asyncio.get_running_loop()
    for key, (owner, session) in list(_sessions.items()):
        if owner is loop:
            del _sessions[key]
            await session.close()


def apply() -> None:
    """Install the speed-ups (idempotent); before the tracker store's first connection."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign,assignment]
    SQLTrackerStore._retrieve = _sql_retrieve  # type: ignore[method-assign]
    rasa.core.tracker_store.create_engine_kwargs = _engine_kwargs
    RulePolicy._get_possible_keys = _possible_keys  # type: ignore[method-assign]
    EndpointConfig.request = _request  # type: ignore[method-assign]
    if not sqlalchemy.event.contains(sqlalchemy.engine.Engine, "connect", _sqlite_pragmas):
        sqlalchemy.event.listen(sqlalchemy.engine.Engine, "connect", _sqlite_pragmas)
