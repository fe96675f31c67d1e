"""The live summary streams' one Redis subscription per web process, fanned out to the pages.

Every committed change of a student's summary state is published on one channel
(summaries/changes.py). A web process subscribes to it once (redis.asyncio, on its event loop)
and wakes the streams open here for that (evaluation, student), or for every student of an
evaluation; a stream then reads the state again (summaries/routes/live.py). A thousand open
pages cost a thousand idle coroutines and one Redis connection, never a thread each.

While the subscription is down the listener says it is not `available`: open streams end (the
browser reconnects, and is sent the current state again) and new ones are refused with 503, so
pages poll instead until it is back. Reconnecting wakes every stream, since a change may have
been missed meanwhile.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable

import redis.asyncio as aioredis

from teameval.summaries.changes import CHANNEL, parse_message

log = logging.getLogger("teameval.summaries.live")

Key = tuple[int, int]
CLIENT_NAME = "teameval-live"  # the subscription's name in Redis's CLIENT LIST
_CONNECT_WAIT_S = 2.0
_MAX_BACKOFF_S = 10.0


class Watch:
    """One open stream's wake-up call: set when its student's state may have changed."""

    def __init__(self, close: Callable[["Watch"], None]) -> None:
        self.changed = asyncio.Event()
        self._close = close

    async def wait(self) -> None:
        """Until the next change (or the listener's loss), then ready for the one after."""
        await self.changed.wait()
        self.changed.clear()

    def close(self) -> None:
        """Stop watching (the stream ended)."""
        self._close(self)


class ChangeListener:
    """The process's subscription to summary changes, shared by every stream it serves."""

    def __init__(self, redis_url: Callable[[], str]) -> None:
        self._redis_url = redis_url
        self._watches: dict[Key, set[Watch]] = {}
        self._task: asyncio.Task[None] | None = None
        self._subscribed: asyncio.Event | None = None
        self.available = False

    async def start(self) -> bool:
        """Subscribe (once; later calls wait for it); whether the subscription is up."""
        if self._task is None or self._task.done():
            self._subscribed = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run())
        if not self.available:  # starting, or subscribing again after a loss: a moment
            assert self._subscribed is not None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._subscribed.wait(), _CONNECT_WAIT_S)
        return self.available

    async def stop(self) -> None:
        """End the subscription (the app shuts down)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.available = False
        self._wake(list(self._watches))

    def watch(self, evaluation_id: int, student_id: int) -> Watch:
        """Woken at every change of this student's summary state until closed."""
        key = (evaluation_id, student_id)

        def close(watch: Watch) -> None:
            watches = self._watches.get(key)
            if watches is not None:
                watches.discard(watch)
                if not watches:
                    del self._watches[key]

        watch = Watch(close)
        self._watches.setdefault(key, set()).add(watch)
        return watch

    @property
    def streams(self) -> int:
        """How many streams this process holds open."""
        return sum(len(w) for w in self._watches.values())

    def _wake(self, keys: list[Key]) -> None:
        for key in keys:
            for watch in self._watches.get(key, ()):
                watch.changed.set()

    def _dispatch(self, data: bytes | str) -> None:
        text = data.decode() if isinstance(data, bytes) else data
        try:
            evaluation_id, student_id = parse_message(text)
        except ValueError:
            log.warning("ignoring a malformed summary change %r", text)
            return
        if student_id is not None:
            self._wake([(evaluation_id, student_id)])
        else:
            self._wake([key for key in self._watches if key[0] == evaluation_id])

    async def _run(self) -> None:
        backoff = 0.5
        url = await asyncio.to_thread(self._redis_url)  # may start the embedded server
        while True:
            client = aioredis.Redis.from_url(
                url, socket_connect_timeout=_CONNECT_WAIT_S, client_name=CLIENT_NAME
            )
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(CHANNEL)
                self.available = True
                backoff = 0.5
                assert self._subscribed is not None
                self._subscribed.set()
                self._wake(list(self._watches))  # a change may have been missed meanwhile
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        self._dispatch(message["data"])
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("summary change subscription lost; retrying", exc_info=True)
            finally:
                self.available = False
                if self._subscribed is not None:
                    self._subscribed.clear()
                self._wake(list(self._watches))  # their streams end: browsers reconnect
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                    await client.aclose()
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, _MAX_BACKOFF_S)
