"""Throwaway servers for the fault drills, started on free ports inside a test and stopped at its end: the
shared PostgreSQL (5432), RabbitMQ (5672) and Redis (6379) other people's tests use are never touched.

- `PostgresCluster`: a cluster of its own (initdb + pg_ctl in tmp, trust auth, socket in tmp, a free port).
- `RabbitNode`: a RabbitMQ node of its own (its own node name, ports, data and log folders, config file and
  an empty plugin list, so it never reads /etc/rabbitmq's listener on 5672); it shares epmd, as nodes do.
- `MotoServer` + `CuttableProxy`: an S3 server of its own behind a TCP proxy that can be cut and restored.
A missing binary is an error (the drill fails), never a skip."""

import contextlib
import glob
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} did not listen on {port} within {timeout}s")


def _binary(pattern: str, what: str) -> str:
    found = sorted(glob.glob(pattern))
    if not found:
        raise AssertionError(
            f"{what} is not installed ({pattern}): the drill needs it and must not be skipped"
        )
    return found[-1]


class PostgresCluster:
    """initdb + pg_ctl in `folder`; `restart()` is `pg_ctl restart -m fast` (every connection is cut)."""

    def __init__(self):
        # Its own folder under /tmp, not pytest's tmp_path: as root the cluster runs as the postgres user,
        # who cannot enter root's private pytest folders.
        folder = Path(tempfile.mkdtemp(prefix="kmm-drill-pg-"))
        self.folder = folder
        self.data = folder / "data"
        self.socket_dir = folder / "socket"
        self.log = folder / "postgresql.log"
        self.port = free_port()
        self.bin = Path(_binary("/usr/lib/postgresql/*/bin/pg_ctl", "PostgreSQL (pg_ctl)")).parent
        self._run_as = None
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root: the cluster belongs to the postgres user, as on a server.
            self._run_as = "postgres"
            shutil.chown(folder, user="postgres")

    def _cmd(self, *args: str) -> list[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._run_as:
            return ["runuser", "-u", self._run_as, "--", *command]
        return command

    def start(self) -> "PostgresCluster":
        self.socket_dir.mkdir()
        if self._run_as:
            shutil.chown(self.socket_dir, user=self._run_as)
        subprocess.run(
            self._cmd("initdb", "-D", str(self.data), "-A", "trust", "-U", "root", "-E", "UTF8", "--no-sync"),
            check=True,
            capture_output=True,
            timeout=120,
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.socket_dir}'\nfsync = off\nmax_connections = 100\n"
            )
        self._pg_ctl("start")
        return self

    def _pg_ctl(self, action: str, *extra: str) -> None:
        subprocess.run(
            self._cmd("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", action, *extra),
            check=True,
            capture_output=True,
            timeout=90,
        )

    def restart(self, *, down_for: float = 0) -> None:
        """`pg_ctl restart -m fast`; with `down_for`, a stop and a start that long apart (a restart that takes
        its time: recovery, a package upgrade, a failover)."""
        if not down_for:
            self._pg_ctl("restart", "-m", "fast")
            return
        self._pg_ctl("stop", "-m", "fast")
        time.sleep(down_for)
        self._pg_ctl("start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgres://root@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        return subprocess.run(
            [
                str(self.bin / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "root",
                "-d",
                database,
                "-tAc",
                sql,
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.strip()


class RabbitNode:
    """A RabbitMQ node of its own, run from RabbitMQ's own scripts (not the Debian wrappers, which switch to
    the rabbitmq user and its cookie); its Erlang cookie lives in `folder` (HOME)."""

    BIN = "/usr/lib/rabbitmq/bin"

    def __init__(self, folder: Path):
        _binary(f"{self.BIN}/rabbitmq-server", "RabbitMQ (rabbitmq-server)")
        self.folder = folder
        self.port = free_port()
        self.dist_port = free_port()
        self.name = f"drill-{uuid.uuid4().hex[:8]}@localhost"
        (folder / "rabbitmq.conf").write_text(
            f"listeners.tcp.local = 127.0.0.1:{self.port}\nloopback_users = none\n"
        )
        (folder / "rabbitmq-env.conf").write_text("")
        (folder / "enabled_plugins").write_text("[].\n")
        self.env = {
            **os.environ,
            "HOME": str(folder),
            "RABBITMQ_NODENAME": self.name,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(folder / "mnesia"),
            "RABBITMQ_LOG_BASE": str(folder / "log"),
            "RABBITMQ_CONFIG_FILE": str(folder / "rabbitmq.conf"),
            "RABBITMQ_CONF_ENV_FILE": str(folder / "rabbitmq-env.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(folder / "enabled_plugins"),
            "RABBITMQ_PID_FILE": str(folder / "rabbitmq.pid"),
        }

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}//"

    def ctl(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            [f"{self.BIN}/rabbitmqctl", "-n", self.name, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"rabbitmqctl {' '.join(args)}: {done.stdout}{done.stderr}")
        return done.stdout

    def start(self) -> "RabbitNode":
        subprocess.run(
            [f"{self.BIN}/rabbitmq-server", "-detached"],
            env=self.env,
            check=True,
            capture_output=True,
            timeout=60,
        )
        wait_for_port(self.port, 90, f"RabbitMQ node {self.name}")
        self.ctl("await_startup", "--timeout", "60")
        return self

    def stop(self) -> None:
        self.ctl("stop", check=False)  # waits until the node's process has ended

    def restart(self) -> None:
        self.stop()
        self.start()

    def queue_depths(self) -> dict[str, int]:
        out = self.ctl("list_queues", "name", "messages", "--quiet", "--no-table-headers")
        depths = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                depths[parts[0]] = int(parts[1])
        return depths


class MotoServer:
    def __init__(self, log: Path):
        self.port = free_port()
        moto = Path(sys.executable).with_name("moto_server")
        if not moto.exists():
            raise AssertionError(f"{moto} is missing: install the project's dev dependencies")
        self._log = log.open("ab")
        self.process = subprocess.Popen(
            [str(moto), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, 30, "moto_server")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()


class CuttableProxy:
    """A TCP proxy in front of a server. `cut()` drops every open connection mid-transfer and resets every new
    one as soon as it arrives (the listening socket stays: closing it would let the port be handed out to
    some other connection in the meantime); `restore()` forwards again. Bytes from the client can be slowed
    to `rate` bytes a second, so that a cut lands in the middle of an upload."""

    def __init__(self, target_port: int, *, rate: float | None = None):
        self.target_port = target_port
        self.rate = rate
        self.port = free_port()
        self.down = False
        self.connections: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.listener = None
        self.refused_while_down = 0
        self._listen()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            if self.down:
                self.refused_while_down += 1
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.close()  # a reset, as from a server that is not there
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections.update({client, upstream})
            threading.Thread(target=self._pump, args=(client, upstream, self.rate), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, None), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, rate: float | None) -> None:
        try:
            while True:
                data = source.recv(64 * 1024)
                if not data:
                    break
                sink.sendall(data)
                if rate:
                    time.sleep(len(data) / rate)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                self._close(sock)

    def _close(self, sock: socket.socket) -> None:
        with self.lock:
            self.connections.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def cut(self) -> None:
        self.down = True
        with self.lock:
            open_now = list(self.connections)
        for sock in open_now:
            self._close(sock)

    def restore(self) -> None:
        self.down = False

    def stop(self) -> None:
        self.cut()
        self.listener.close()


def web_command(port: int, *, workers: int, timeout: int | None = None) -> list[str]:
    """The web server as `make run` and prod-local start it (gunicorn, Uvicorn workers serving cms.asgi; the
    pages in a2wsgi's WEB_THREADS threads), bound to loopback on `port`, for drills that start their own."""
    command = [
        sys.executable,
        *("-m", "gunicorn", "cms.asgi:application", "-k", "uvicorn_worker.UvicornWorker"),
        *("--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--no-control-socket"),
    ]
    return command + (["--timeout", str(timeout)] if timeout else [])
