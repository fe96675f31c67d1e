"""Pages waiting on their summaries: `python -m bench.watch`, a process of its own.

It reads a JSON plan as the first line of stdin: `{base_url, mode: "sse" | "poll", sse_path,
pages: [{token, job_id, evaluation_id, student_id}]}`. Each page is a task with its own
connection, as a browser tab:
- `sse`: holds a server-sent-events stream of its summary (`sse_path` with the page's fields
  in braces), counts
  events and heartbeats, reconnects with Last-Event-ID when the stream ends, and closes once an
  event says the job reached a final state;
- `poll`: polls the job's status as the page's script does (1 s growing to 5 s) until final.
When every page is connected (sse) or has polled once (poll), or after 30 s, it prints
`READY <json>`; on a `stop` line it stops and prints the results as one JSON line: connections
held, events, when each page saw its job's final state (wall clock, to compare with the row's
completed_at), statuses of refused requests, and its own CPU.
"""

import asyncio
import json
import ssl
import sys
import time
from collections import Counter
from typing import Any

import httpx

from bench.load import API, TIMEOUT, cpu_seconds, page_delays, raise_open_files_limit

FINAL = {"completed", "failed", "cancelled", "awaiting_review"}
READY_WITHIN_S = 30.0
RETRY_S = 1.0  # EventSource's default is about 3 s; the server's `retry:` field overrides


def is_final(data: str, job_id: str) -> bool:
    """Whether an event's data says that this job (not an earlier one) reached a final state."""
    try:
        body = json.loads(data)
    except ValueError:
        return False
    if not isinstance(body, dict) or body.get("job_id") not in (None, job_id):
        return False
    return any(body.get(key) in FINAL for key in ("state", "status"))


class Watchers:
    """Every page of the plan, and what they saw."""

    def __init__(self, plan: dict[str, Any]) -> None:
        self.base_url = str(plan["base_url"])
        self.mode = str(plan["mode"])
        self.sse_path = str(plan.get("sse_path", ""))
        self.pages: list[dict[str, Any]] = plan["pages"]
        self.held = 0
        self.peak_held = 0
        self.connected: set[int] = set()
        self.polled: set[int] = set()
        self.events = 0
        self.heartbeats = 0
        self.event_times: list[float] = []
        self.reconnects = 0
        self.requests = 0
        self.statuses: Counter[int] = Counter()
        self.seen: dict[str, float] = {}
        self.unavailable = False
        self.tls = ssl.create_default_context()

    def _client(self) -> httpx.AsyncClient:
        timeout = httpx.Timeout(10.0, read=None if self.mode == "sse" else 10.0)
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        return httpx.AsyncClient(
            base_url=self.base_url, timeout=timeout, limits=limits, verify=self.tls
        )

    @staticmethod
    def _headers(page: dict[str, Any]) -> dict[str, str]:
        # The page's EventSource sends the session cookie; API clients the bearer token.
        return {
            "Authorization": f"Bearer {page['token']}",
            "Cookie": f"teameval_session={page['token']}",
        }

    async def page(self, index: int) -> None:
        """One page until its job is final (or the stop)."""
        async with self._client() as client:
            if self.mode == "sse":
                await self._stream(client, index)
            else:
                await self._poll(client, index)

    async def _poll(self, client: httpx.AsyncClient, index: int) -> None:
        page = self.pages[index]
        for delay in page_delays():
            self.requests += 1
            try:
                response = await client.get(
                    f"{API}/jobs/{page['job_id']}/status", headers=self._headers(page)
                )
                status = response.status_code
                state = response.json().get("status") if status == 200 else None
            except httpx.TimeoutException:
                status, state = TIMEOUT, None
            except (httpx.HTTPError, ValueError):
                status, state = 0, None
            self.polled.add(index)
            if status != 200:
                self.statuses[status] += 1
            if state in FINAL:
                self.seen[page["job_id"]] = time.time()
                return
            await asyncio.sleep(delay)

    async def _stream(self, client: httpx.AsyncClient, index: int) -> None:
        page = self.pages[index]
        path = self.sse_path.format(**page)
        last_id: str | None = None
        retry = RETRY_S
        while True:
            headers = self._headers(page) | {"Accept": "text/event-stream"}
            if last_id is not None:
                headers["Last-Event-ID"] = last_id
            try:
                async with client.stream("GET", path, headers=headers) as response:
                    if response.status_code != 200:
                        self.statuses[response.status_code] += 1
                        if response.status_code == 404:
                            self.unavailable = True
                            return
                        retry = float(response.headers.get("Retry-After", retry))
                    else:
                        self._opened(index)
                        try:
                            outcome = await self._read(response, page)
                        finally:
                            self._closed()
                        last_id, retry = outcome["last_id"] or last_id, outcome["retry"] or retry
                        if outcome["final"]:
                            return
            except httpx.TimeoutException:
                self.statuses[TIMEOUT] += 1
            except httpx.HTTPError:
                self.statuses[0] += 1
            self.reconnects += 1
            await asyncio.sleep(retry)

    def _opened(self, index: int) -> None:
        self.connected.add(index)
        self.held += 1
        self.peak_held = max(self.peak_held, self.held)

    def _closed(self) -> None:
        self.held -= 1

    async def _read(self, response: httpx.Response, page: dict[str, Any]) -> dict[str, Any]:
        """Read events until the stream ends or says the job is final."""
        outcome: dict[str, Any] = {"last_id": None, "retry": None, "final": False}
        name, data = "", []
        async for line in response.aiter_lines():
            if line.startswith(":"):
                self.heartbeats += 1
            elif line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip())
            elif line.startswith("id:"):
                outcome["last_id"] = line[3:].strip()
            elif line.startswith("retry:"):
                outcome["retry"] = int(line[6:].strip() or 1000) / 1000
            elif line == "" and (name or data):
                if name in ("ping", "heartbeat"):
                    self.heartbeats += 1
                else:
                    self.events += 1
                    self.event_times.append(time.monotonic())
                    if is_final("\n".join(data), page["job_id"]):
                        self.seen[page["job_id"]] = time.time()
                        outcome["final"] = True
                        return outcome
                name, data = "", []
        return outcome

    def ready(self) -> bool:
        """Every page connected (sse) or polled once (poll)."""
        done = self.connected if self.mode == "sse" else self.polled
        return self.unavailable or len(done) >= len(self.pages)

    def result(self) -> dict[str, Any]:
        """What the pages saw."""
        times = self.event_times
        window = times[-1] - times[0] if len(times) > 1 else 0.0
        return {
            "mode": self.mode,
            "pages": len(self.pages),
            "unavailable": self.unavailable,
            "held_now": self.held,
            "peak_held": self.peak_held,
            "ever_connected": len(self.connected),
            "events": self.events,
            "heartbeats": self.heartbeats,
            "events_per_s": round(len(times) / window, 1) if window > 0 else None,
            "event_window_s": round(window, 2),
            "reconnects": self.reconnects,
            "poll_requests": self.requests,
            "refused": {str(k): v for k, v in sorted(self.statuses.items())},
            "saw_final": len(self.seen),
            "seen_at": self.seen,
        }


async def main_async() -> None:
    """Run the pages until told to stop."""
    loop = asyncio.get_running_loop()
    plan = json.loads(await loop.run_in_executor(None, sys.stdin.readline))
    watchers = Watchers(plan)
    cpu_before, began = cpu_seconds(), time.monotonic()
    tasks = [asyncio.create_task(watchers.page(i)) for i in range(len(watchers.pages))]
    deadline = time.monotonic() + READY_WITHIN_S
    while not watchers.ready() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    ready = {"held": watchers.held, "polled": len(watchers.polled), "ready": watchers.ready()}
    print("READY " + json.dumps(ready), flush=True)
    await loop.run_in_executor(None, sys.stdin.readline)  # "stop" (or the driver went away)
    held_at_stop = watchers.held
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    result = watchers.result() | {"held_at_stop": held_at_stop}
    wall = time.monotonic() - began
    result["cpu_pct"] = round(100 * (cpu_seconds() - cpu_before) / wall, 1)
    print(json.dumps(result), flush=True)


def main() -> None:
    """The process's entry."""
    raise_open_files_limit()
    try:
        import uvloop

        uvloop.run(main_async())
    except ImportError:
        asyncio.run(main_async())


if __name__ == "__main__":
    main()
