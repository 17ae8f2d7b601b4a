"""``make bench``: every speed figure of issue 13 in one run; prints a table, writes bench/results.json.

    .venv/bin/python bench/suite.py [--rates 10,30,60,100] [--seconds 10] [--no-docs]

In order (each part on its own, so parts do not measure each other):
1. training time: the project's ``rasa train`` (the command ``wegweiser train`` runs) into a temp folder;
2. a stock Rasa 3.6.21 assistant (``rasa init --no-prompt`` in a temp folder; its trained model is kept
   in ``var/bench`` for the next run) under the load generator on its REST channel;
3. ``wegweiser up`` (polling adapter, send limit raised) until healthy: ``up_seconds``; resident
   memory of every process while it answers 30 questions a second;
4. end to end through the polling adapter, the Rasa channel alone (backend), and the web app in
   webhook mode, at each offered rate (``bench/load.py``: 300 people, ten languages, "services near
   me" with postal codes); webhook again with Telegram's default send limit (30/s); each rate of
   each way has its own 300 people, new to the bot, so no rate meets the long conversations of the
   rates before it (nor the refining rates those of an overloaded one);
5. NLU parse latency, one message at a time (``bench/engine_latency.py``).
A rate whose p95 is over 5 s ends the ladder for that way in (higher rates only queue longer). For the
two figures the ratio is made of (webhook end to end, stock Rasa), higher rates follow while the
ladder's top is sustained (up to 250/s), then two more rates halfway between the highest sustained
and the lowest failed one narrow the highest sustained rate (``--refine``).
Appends a row to docs/performance.md (``--no-docs``: does not).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot.config import PROJECT_ROOT, Settings, TelegramMode
from bot.content.seed import seed
from bot.engine.models import ModelInfo, ModelRegistry
from bot.engine.runtime import engine_env, engine_python
from bot.engine.train import rasa_train_argv
from bot.rasa_client import CHANNEL, TOKEN_HEADER, ChannelAuth
from bot.stack.processes import app_env, web_process
from bot.stack.supervisor import Supervisor
from bot.telegram.webhook import WEBHOOK_PATH, webhook_secret

sys.path.insert(0, str(PROJECT_ROOT))
from bench.botapi import BotApiStandIn
from bench.load import Person, Run, SyncTarget, engine_sample, mix_description, offer, people, write_jsonl
from bench.telegram_load import TOKEN, TelegramTarget
from tests.auxil.ports import free_port
from tests.auxil.stack import stack_settings, trained_project_model

RESULTS = PROJECT_ROOT / "bench" / "results.json"
DOCS = PROJECT_ROOT / "docs" / "performance.md"
RUNS_MARKER = "## `make bench` runs"
"""The heading of the runs table, the last section of docs/performance.md."""
STOCK_CACHE = PROJECT_ROOT / "var" / "bench" / "stock-rasa-3.6.21"
GIVE_UP_P95_MS = 5000
MIN_REFINE_STEP = 8
"""Rates closer than this (questions a second) are not split further: about the noise between runs."""
CLIMB = 1.3
"""Each rate above a sustained top of the ladder is this much higher (rounded to tens)."""
MAX_RATE = 250.0
RUNS_PER_WAY = 16
"""Warm-up, the ladder's rates and the refining ones: each has its own people."""
RSS_RATE = 30.0


def say(line: str) -> None:
    print(line, flush=True)


# -- processes and memory ---------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def process_tree(pid: int) -> list[int]:
    result, todo = [], [pid]
    while todo:
        current = todo.pop()
        result.append(current)
        todo.extend(_children(current))
    return result


def rss_mb(pid: int) -> tuple[str, float]:
    """A process's name (its module or program) and resident memory in MB."""
    try:
        argv = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
        status = (Path("/proc") / str(pid) / "status").read_text()
    except OSError:
        return "?", 0.0
    words = [a.decode(errors="replace") for a in argv if a]
    name = next(
        (w for w in words[1:] if not w.startswith("-") and "/" not in w),
        Path(words[0]).name if words else "?",
    )
    if "-m" in words:
        name = words[words.index("-m") + 1]
    kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return name, kb / 1024


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(roots: list[int]) -> dict[str, float]:
    """CPU time (user + system) so far of every process in the trees under ``roots``, by name."""
    result: dict[str, float] = {}
    for root in roots:
        for pid in process_tree(root):
            try:
                fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            name = rss_mb(pid)[0].split(";")[-1].strip()[:40]
            result[name] = result.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / TICKS
    return result


class MemoryWatch:
    """Peak resident memory per process of a tree, sampled every half second."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak: dict[str, float] = {}
        self.peak_total = 0.0

    def sample(self) -> None:
        total = 0.0
        for pid in process_tree(self.root):
            name, mb = rss_mb(pid)
            if mb < 5:  # the supervisor's shells and the like
                continue
            key = f"{name}[{pid}]"
            self.peak[key] = max(self.peak.get(key, 0.0), mb)
            total += mb
        self.peak_total = max(self.peak_total, total)

    async def watch(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.sample()
            await asyncio.sleep(0.5)


GIVEN_MODEL: list[Path] = []


def project_model() -> ModelInfo:
    """The project's model as the tests train it (cached by fingerprint), or the one ``--model`` gave."""
    if GIVEN_MODEL:
        name = GIVEN_MODEL[0].name.removesuffix(".tar.gz")
        return ModelRegistry(GIVEN_MODEL[0].parent).get(name)
    return trained_project_model()


# -- parts ------------------------------------------------------------------------------------------


def time_training(settings: Settings) -> float:
    with tempfile.TemporaryDirectory(prefix="wegweiser-bench-train-") as out:
        argv = rasa_train_argv(settings, Path(out), "bench")
        started = time.monotonic()
        done = subprocess.run(
            argv, env=engine_env(settings), cwd=settings.home, capture_output=True, check=False
        )
        seconds = time.monotonic() - started
        if done.returncode != 0:
            sys.exit(f"rasa train failed:\n{done.stdout.decode()[-2000:]}{done.stderr.decode()[-2000:]}")
    return seconds


def stock_project(settings: Settings) -> tuple[Path, float | None]:
    """A trained ``rasa init`` project (trained now unless kept from an earlier run)."""
    if list((STOCK_CACHE / "models").glob("*.tar.gz")):
        return STOCK_CACHE, None
    shutil.rmtree(STOCK_CACHE, ignore_errors=True)
    STOCK_CACHE.mkdir(parents=True)
    rasa = engine_python(settings).parent / "rasa"
    started = time.monotonic()
    done = subprocess.run(
        [str(rasa), "init", "--no-prompt", "--init-dir", str(STOCK_CACHE)],
        env=engine_env(settings),
        cwd=STOCK_CACHE,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"rasa init failed:\n{done.stdout.decode()[-3000:]}")
    return STOCK_CACHE, time.monotonic() - started


def wait_http(url: str, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            sys.exit(f"{url}: the process exited ({process.returncode})")
        try:
            if httpx.get(url, timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    sys.exit(f"{url} did not answer within {timeout:.0f} s")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


async def ladder(
    target: Any,
    rates: list[float],
    seconds: float,
    way: int,
    roots: list[int],
    *,
    refine: int = 0,
    **hooks: Any,
) -> list[dict[str, Any]]:
    """Each rate in turn, with the CPU milliseconds each process spent per question.

    ``refine``: first higher rates (× :data:`CLIMB`, up to :data:`MAX_RATE`) while the top of the
    ladder is sustained, so a figure is not capped by the ladder's last step; then that many more
    rates halfway between the highest sustained and the lowest failed one, so the highest sustained
    rate (and the ratio of two of them) is not only a step of the ladder: between 30 and 60 the
    ladder alone cannot tell 31/s from 59/s.
    Every rate meets people of its own (``crowd(way, n)``), who start their conversations there: a
    rate run after others, or after an overloaded one, then measures the same as it would first.
    """
    rows: list[dict[str, Any]] = []

    async def run_at(rate: float) -> dict[str, Any]:
        before = cpu_seconds(roots)
        run: Run = await offer(target, crowd(way, len(rows) + 1), rate, seconds, **hooks)
        after = cpu_seconds(roots)
        row = run.summary()
        if run.answers:
            row["cpu_ms_per_question"] = {
                name: round((after[name] - before.get(name, 0.0)) * 1000 / len(run.answers), 1)
                for name in after
                if after[name] - before.get(name, 0.0) > 0
            }
        rows.append(row)
        say(_row_line(row))
        await asyncio.sleep(1.0)
        return row

    for rate in rates:
        row = await run_at(rate)
        if row["p95_ms"] is None or row["p95_ms"] > GIVE_UP_P95_MS:
            break
    rate = rates[-1]
    while refine and rows[-1]["sustained"] and rows[-1]["offered_per_s"] == rate and rate < MAX_RATE:
        rate = float(min(MAX_RATE, round(rate * CLIMB / 10) * 10))
        await run_at(rate)
    for _ in range(refine):
        low = max((r["offered_per_s"] for r in rows if r["sustained"]), default=None)
        high = min(
            (r["offered_per_s"] for r in rows if not r["sustained"] and r["offered_per_s"] > (low or 0)),
            default=None,
        )
        if low is None or high is None or high - low < MIN_REFINE_STEP:
            break
        await run_at(float(round((low + high) / 2)))
    return rows


def crowd(way: int, run: int = 0) -> list[Person]:
    """The people of one rate of one way in (``run`` 0: the warm-up), new to the bot."""
    assert run < RUNS_PER_WAY
    return people(way=way * RUNS_PER_WAY + run)


def _row_line(row: dict[str, Any]) -> str:
    return (
        f"  {row['target']:<22} {row['offered_per_s']:>5.0f}/s  answered {row['answered_per_s']:>5.1f}/s  "
        f"p50 {row['p50_ms'] or 0:>7.0f}  p95 {row['p95_ms'] or 0:>7.0f}  p99 {row['p99_ms'] or 0:>7.0f} ms  "
        f"lost {row['lost']}  dup {row['duplicated']}  failed {row['failed']}  "
        f"msgs/q {row['messages_per_question']}  people {row['people']}"
        + ("  sustained" if row["sustained"] else "")
        + (f"\n    CPU ms/question: {row['cpu_ms_per_question']}" if row.get("cpu_ms_per_question") else "")
    )


def best(rows: list[dict[str, Any]]) -> float:
    """The highest offered rate that was sustained (p95 ≤ 1 s, nothing lost), as answered/s."""
    ok = [r for r in rows if r["sustained"]]
    return max((r["answered_per_s"] for r in ok), default=0.0)


def at(rows: list[dict[str, Any]], rate: float, key: str) -> Any:
    return next((r[key] for r in rows if r["offered_per_s"] == rate), None)


# -- the run ----------------------------------------------------------------------------------------


async def measure_stack(
    var: Path, rates: list[float], seconds: float, results: dict[str, Any], *, refine: int = 0
) -> None:
    api = BotApiStandIn(TOKEN, on_send=lambda sent: None)
    await api.start()
    settings = stack_settings(
        var,
        telegram_bot_token=SecretStr(TOKEN),
        telegram_base_url=api.base_url,
        telegram_send_per_second=1000.0,
    )
    seed(settings, echo=lambda line: None)
    model = project_model()
    models = var / "models"  # the model alone, active (a shared models folder may activate others)
    models.mkdir()
    for path in model.path.parent.glob(f"{model.name}.*"):
        (models / path.name).symlink_to(path)
    ModelRegistry(models).activate(model.name)
    env = app_env(settings) | {
        "WEGWEISER_MODELS_DIR": str(models),
        "WEGWEISER_TRACKER_URL": settings.tracker_url or "",
        "WEGWEISER_ENV_FILE": "/nonexistent",
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "WEGWEISER_TELEGRAM_BASE_URL": api.base_url,
        "WEGWEISER_TELEGRAM_MODE": "polling",
        "WEGWEISER_TELEGRAM_SEND_PER_SECOND": "1000",
        "WEGWEISER_LOG_LEVEL": "WARNING",
    }
    say("wegweiser up …")
    started = time.monotonic()
    up = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "up"],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    assert up.stdout is not None
    while True:
        line = await asyncio.to_thread(up.stdout.readline)
        if not line:
            sys.exit("wegweiser up stopped before it was up; see " + str(var / "log"))
        if b"Wegweiser is up" in line:
            break
    results["up_seconds"] = round(time.monotonic() - started, 1)
    say(f"  up in {results['up_seconds']} s")
    webhook_app: Supervisor | None = None
    try:
        memory = MemoryWatch(up.pid)
        stop = asyncio.Event()
        watching = asyncio.create_task(memory.watch(stop))
        polling = TelegramTarget("telegram polling", api)
        hooks: dict[str, Any] = {"on_answer": polling.on_answer}
        await offer(polling, crowd(0), 5, 3)  # warm up: first contact of some, caches
        rss_run = await offer(polling, crowd(0, RUNS_PER_WAY - 1), RSS_RATE, seconds, **hooks)
        stop.set()
        await watching
        results["rss_total_mb"] = round(memory.peak_total)
        results["rss_mb"] = {k: round(v) for k, v in sorted(memory.peak.items())}
        say(f"  resident memory at {RSS_RATE:.0f}/s: {results['rss_total_mb']} MB {results['rss_mb']}")
        say(_row_line(rss_run.summary()))

        say("end to end, polling adapter:")
        results["polling"] = await ladder(polling, rates, seconds, 0, [up.pid], **hooks)
        await polling.close()

        say("backend alone (Rasa channel):")
        auth = ChannelAuth.from_settings(settings)
        backend = SyncTarget(
            "backend (Rasa channel)",
            f"{settings.rasa_url}{CHANNEL}/webhook",
            headers={TOKEN_HEADER: auth.channel_token},
        )
        results["backend"] = await ladder(backend, rates, seconds, 1, [up.pid])
        await backend.close()

        for way, (label, limit) in enumerate((("webhook", 1000.0), ("webhook, 30 msgs/s", 30.0)), 2):
            port = free_port()
            hooked = settings.model_copy(
                update={
                    "telegram_mode": TelegramMode.WEBHOOK,
                    "telegram_webhook_url": f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
                    "web_port": port,
                    "telegram_send_per_second": limit,
                }
            )
            spec = web_process(hooked)
            spec.name = "bench-webhook"
            spec.env.update(
                {
                    "WEGWEISER_TRACKER_URL": settings.tracker_url or "",
                    "WEGWEISER_ENV_FILE": "/nonexistent",
                    "TELEGRAM_BOT_TOKEN": TOKEN,
                    "WEGWEISER_TELEGRAM_BASE_URL": api.base_url,
                    "WEGWEISER_TELEGRAM_MODE": "webhook",
                    "WEGWEISER_TELEGRAM_WEBHOOK_URL": hooked.telegram_webhook_url or "",
                    "WEGWEISER_TELEGRAM_SEND_PER_SECOND": str(limit),
                    "WEGWEISER_WEB_PORT": str(port),
                    "WEGWEISER_LOG_LEVEL": "WARNING",
                }
            )
            webhook_app = Supervisor([spec], settings.var / "log", echo=False)
            await asyncio.to_thread(webhook_app.start)
            await asyncio.to_thread(webhook_app.wait_ready)
            target = TelegramTarget(
                f"telegram {label}",
                api,
                webhook=(hooked.telegram_webhook_url or "", webhook_secret(settings)),
            )
            say(f"end to end, {label}:")
            await offer(target, crowd(way), 5, 2, on_answer=target.on_answer)  # warm up
            limited = limit < 1000
            results["webhook_default_limit" if limited else "webhook"] = await ladder(
                target,
                [r for r in rates if r <= 30] if limited else rates,
                seconds,
                way,
                [up.pid, *(r.process.pid for r in webhook_app.running)],
                refine=0 if limited else refine,
                on_answer=target.on_answer,
            )
            await target.close()
            await asyncio.to_thread(webhook_app.stop)
            webhook_app = None
        results["telegram_calls"] = dict(sorted(api.calls.items()))
    finally:
        if webhook_app is not None:
            webhook_app.stop()
        stop_process(up)
        await api.stop()


async def measure_stock(
    settings: Settings, rates: list[float], seconds: float, results: dict[str, Any], *, refine: int = 0
) -> None:
    project, trained = stock_project(settings)
    if trained is not None:
        results["stock_train_seconds"] = round(trained, 1)
    port = free_port()
    rasa = engine_python(settings).parent / "rasa"
    server = subprocess.Popen(
        [
            str(rasa),
            "run",
            "--enable-api",
            "--port",
            str(port),
            "--interface",
            "127.0.0.1",
            "--model",
            "models",
        ],
        cwd=project,
        env=engine_env(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        await asyncio.to_thread(wait_http, f"http://127.0.0.1:{port}/status", 240, server)
        _name, mb = rss_mb(server.pid)
        results["stock_rss_mb"] = round(mb)
        target = SyncTarget(
            "stock Rasa (REST)",
            f"http://127.0.0.1:{port}/webhooks/rest/webhook",
            button_text="where can I find help near me",
        )
        await offer(target, crowd(4), 5, 2)  # warm up
        results["stock"] = await ladder(target, rates, seconds, 4, [server.pid], refine=refine)
        await target.close()
    finally:
        stop_process(server)


def nlu_latency(settings: Settings) -> dict[str, Any]:
    model = project_model()
    with tempfile.TemporaryDirectory() as folder:
        messages = Path(folder) / "messages.jsonl"
        write_jsonl(messages, engine_sample())
        with messages.open() as given:
            done = subprocess.run(
                [
                    str(engine_python(settings)),
                    str(PROJECT_ROOT / "bench" / "engine_latency.py"),
                    str(model.path),
                ],
                stdin=given,
                capture_output=True,
                env=engine_env(settings),
                check=False,
            )
    if done.returncode != 0:
        sys.exit(f"engine_latency.py failed:\n{done.stderr.decode()[-2000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return figures


def machine() -> str:
    cpus = os.cpu_count()
    model = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            int(ln.split()[1]) // 1024 // 1024
            for ln in Path("/proc/meminfo").read_text().splitlines()
            if ln.startswith("MemTotal")
        ),
        0,
    )
    system = f"{platform.system()} {platform.machine()}, Python {platform.python_version()}"
    return f"{cpus} CPU ({model}), {memory} GB RAM, {system}"


def summary(results: dict[str, Any]) -> dict[str, Any]:
    e2e = results.get("webhook", [])
    everything = [*e2e, *results.get("polling", [])]
    stock = best(results.get("stock", []))
    return {
        "e2e_max_sustained_msgs_per_s": best(e2e),
        "e2e_polling_max_sustained_msgs_per_s": best(results.get("polling", [])),
        "e2e_p95_ms_at_10": at(e2e, 10, "p95_ms"),
        "e2e_p95_ms_at_30": at(e2e, 30, "p95_ms"),
        "e2e_p95_ms_at_30_default_limit": at(results.get("webhook_default_limit", []), 30, "p95_ms"),
        "replies_lost": sum(r["lost"] for r in everything),
        "replies_duplicated": sum(r["duplicated"] for r in everything),
        "messages_per_question": at(e2e, 30, "messages_per_question"),
        "stock_rasa_msgs_per_s": stock,
        "ratio_to_stock": round(best(e2e) / stock, 2) if stock else None,
        "backend_max_sustained_msgs_per_s": best(results.get("backend", [])),
        "nlu_parse_p50_ms": results.get("nlu", {}).get("p50_ms"),
        "nlu_parse_p99_ms": results.get("nlu", {}).get("p99_ms"),
        "train_seconds": results.get("train_seconds"),
        "rss_total_mb": results.get("rss_total_mb"),
        "up_seconds": results.get("up_seconds"),
    }


TARGETS = {
    "e2e_max_sustained_msgs_per_s": ("≥", 60),
    "e2e_p95_ms_at_10": ("≤", 150),
    "e2e_p95_ms_at_30": ("≤", 300),
    "replies_lost": ("≤", 0),
    "replies_duplicated": ("≤", 0),
    "messages_per_question": ("≤", 2),
    "ratio_to_stock": ("≥", 2.5),
    "nlu_parse_p50_ms": ("≤", 10),
    "train_seconds": ("≤", 120),
    "rss_total_mb": ("≤", 1200),
    "up_seconds": ("≤", 20),
}


def print_table(figures: dict[str, Any]) -> None:
    say("\nfigure                               value     target")
    for key, value in figures.items():
        target = TARGETS.get(key)
        mark = ""
        if target is not None and value is not None:
            sign, bound = target
            met = value >= bound if sign == "≥" else value <= bound
            mark = f"{sign} {bound:<6} {'met' if met else 'NOT met'}"
        say(f"{key:<36} {value if value is not None else '–'!s:>8}  {mark}")


def append_docs(results: dict[str, Any]) -> None:
    text = DOCS.read_text(encoding="utf-8")
    if RUNS_MARKER not in text:
        return
    f = results["figures"]
    cells = [
        results["date"][:16].replace("T", " "),
        results["commit"],
        f["e2e_max_sustained_msgs_per_s"],
        f["e2e_p95_ms_at_10"],
        f["e2e_p95_ms_at_30"],
        f"{f['replies_lost']}/{f['replies_duplicated']}",
        f["messages_per_question"],
        f["stock_rasa_msgs_per_s"],
        f["backend_max_sustained_msgs_per_s"],
        f["nlu_parse_p50_ms"],
        f["train_seconds"],
        f["rss_total_mb"],
        f["up_seconds"],
        results["load_before"],
    ]
    row = "| " + " | ".join("–" if c is None else str(c) for c in cells) + " |\n"
    DOCS.write_text(text.rstrip("\n") + "\n" + row, encoding="utf-8")  # the runs table ends the file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="10,30,60,100")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--refine",
        type=int,
        default=2,
        help="rates above a sustained top, then halfway between the highest sustained and the lowest failed "
        "one (webhook and stock)",
    )
    parser.add_argument("--no-docs", action="store_true", help="do not append a row to docs/performance.md")
    parser.add_argument(
        "--skip", default="", help="comma-separated parts to leave out: train,stock,stack,nlu"
    )
    parser.add_argument("--model", type=Path, help="a trained model file to use instead of the project's")
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")]
    skip = set(filter(None, args.skip.split(",")))
    if args.model:
        GIVEN_MODEL.append(args.model.resolve())
    os.environ.setdefault("WEGWEISER_ENV_FILE", "/nonexistent")
    began = time.monotonic()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=PROJECT_ROOT
    ).stdout.strip()
    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "commit": commit,
        "load_before": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "mix": mix_description(people()),
        "seconds_per_rate": args.seconds,
    }
    say(f"make bench: {results['machine']}; load average {results['load_before']}; {results['mix']}")
    with tempfile.TemporaryDirectory(prefix="wegweiser-bench-") as folder:
        settings = stack_settings(Path(folder))
        say("the project model (cached by fingerprint) …")
        project_model()
        if "train" not in skip:
            say("training time (rasa train of the project) …")
            results["train_seconds"] = round(time_training(settings), 1)
            say(f"  {results['train_seconds']} s")
        if "stock" not in skip:
            say("stock Rasa assistant (rasa init):")
            asyncio.run(measure_stock(settings, rates, args.seconds, results, refine=args.refine))
        if "stack" not in skip:
            asyncio.run(
                measure_stack(Path(folder) / "stack", rates, args.seconds, results, refine=args.refine)
            )
        if "nlu" not in skip:
            say("NLU parse latency …")
            results["nlu"] = nlu_latency(settings)
            say(f"  {results['nlu']}")
    results["load_after"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    results["bench_seconds"] = round(time.monotonic() - began)
    results["figures"] = summary(results)
    results.update(results["figures"])
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(results["figures"])
    say(f"\n{RESULTS.relative_to(PROJECT_ROOT)} written; the whole run took {results['bench_seconds']} s.")
    if not args.no_docs and not skip:
        append_docs(results)
        say(f"row appended to {DOCS.relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
