"""A TCP proxy on loopback that a test controls: forward, freeze (hold every byte, as a frozen
server or a dropped network does), or cut (close every connection and refuse new ones).

It runs in threads of the test process; the server behind it (PostgreSQL, Redis on TCP or on a
unix socket) is never touched.
"""

import contextlib
import socket
import threading
from typing import Self

Upstream = tuple[str, int] | str  # (host, port), or the path of a unix socket


class TCPProxy:
    """Forwards 127.0.0.1:`port` to `upstream` until told otherwise."""

    def __init__(self, upstream: Upstream) -> None:
        self.upstream = upstream
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._forwarding = threading.Event()
        self._forwarding.set()
        self._cut = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.cut()
        self._forwarding.set()  # let the pumps run into the closed sockets and end
        self._listener.close()

    def freeze(self) -> None:
        """Hold every byte in both directions; connections stay open (a frozen server)."""
        self._forwarding.clear()

    def cut(self) -> None:
        """Close every connection and refuse new ones (a server or network gone)."""
        self._cut = True
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def restore(self) -> None:
        """Forward again."""
        self._cut = False
        self._forwarding.set()

    def _connect_upstream(self) -> socket.socket:
        if isinstance(self.upstream, str):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(self.upstream)
            return sock
        return socket.create_connection(self.upstream)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:  # closed
                return
            if self._cut:
                client.close()
                continue
            try:
                server = self._connect_upstream()
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                self._forwarding.wait()
                if self._cut:
                    break
                target.sendall(data)
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
