"""Start and stop a Redis-compatible server binary (ringkv-server or redis-server) for tests.

A Server runs one process on its own free loopback port with its own data directory, waits (bounded)
until it answers PING, and on stop() sends SIGTERM, then SIGKILL after a bounded wait, and reports
how the process ended. The same class drives ringkv and the oracle (Debian's redis-server), so every
test can run against either: the only difference is that redis-server gets no --io-backend flag.

Flags passed to every server (redis.conf names):
    --port N --bind 127.0.0.1 --dir D --appendonly no --save "" --enable-debug-command yes
plus, for ringkv only, --io-backend io_uring|epoll; tests may add more (e.g. --requirepass secret).
"""

import os
import random
import signal
import socket
import subprocess
import time

import redis

HOST = "127.0.0.1"
START_TIMEOUT = float(os.environ.get("RINGKV_START_TIMEOUT", "20"))  # sanitizer builds start slowly
STOP_TIMEOUT = float(os.environ.get("RINGKV_STOP_TIMEOUT", "15"))
REDIS_CLI = os.environ.get("REDIS_CLI", "redis-cli")

# Text in a server's output that means a sanitizer found a bug, even if the process exited 0
# (UBSan reports and continues by default).
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "WARNING: ThreadSanitizer", "ERROR: UndefinedBehaviorSanitizer")


def is_redis_server(binary):
    """True for Debian's redis-server (which has no --io-backend flag), False for ringkv."""
    return "redis-server" in os.path.basename(binary) or "redis-check" in os.path.basename(binary)


def _port_is_free(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((HOST, port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def free_port():
    """A currently free loopback port below the kernel's ephemeral range (32768+), so that outgoing
    client connections (which take ephemeral ports) can't grab it before the server binds it.
    Parallel pytest-xdist workers draw from disjoint slices to make collisions rarer still;
    a collision that happens anyway is handled by Server.start() retrying on another port."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    try:
        n = int(worker.lstrip("gw"))
    except ValueError:
        n = 0
    lo = 20000 + (n % 8) * 1500
    for _ in range(200):
        port = random.randrange(lo, lo + 1500)
        if _port_is_free(port):
            return port
    raise RuntimeError("no free port found")


def ping_raw(host, port, timeout=1.0):
    """Send an inline PING on a fresh connection; return the first reply line (bytes) or None."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.sendall(b"PING\r\n")
            data = b""
            while not data.endswith(b"\r\n"):
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            return data or None
    except OSError:
        return None


class ServerStartError(RuntimeError):
    pass


class Server:
    """One server process. Attributes: binary, host, port, dir, pid, proc, args, password."""

    def __init__(self, binary, workdir, io_backend=None, extra_args=(), name=None):
        self.binary = binary
        self.host = HOST
        self.port = None
        self.dir = str(workdir)
        self.io_backend = io_backend
        self.extra_args = list(extra_args)
        self.name = name or os.path.basename(binary)
        self.proc = None
        self.pid = None
        self.args = None
        self.returncode = None
        self.log_path = os.path.join(self.dir, "server.log")
        self.password = None
        for i, a in enumerate(self.extra_args):
            if a == "--requirepass" and i + 1 < len(self.extra_args):
                self.password = self.extra_args[i + 1]
        self._log = None
        self._log_offset = 0

    @property
    def is_redis(self):
        return is_redis_server(self.binary)

    def command_line(self, port):
        args = [self.binary,
                "--port", str(port),
                "--bind", HOST,
                "--dir", self.dir,
                "--appendonly", "no",
                "--save", "",
                "--enable-debug-command", "yes"]
        if not self.is_redis and self.io_backend:
            args += ["--io-backend", self.io_backend]
        return args + self.extra_args

    # ---- lifecycle ----

    def start(self, attempts=3):
        """Start on a free port and wait until it answers PING. A start that failed because the
        port was taken meanwhile (the log says "Address already in use") is retried elsewhere."""
        os.makedirs(self.dir, exist_ok=True)
        for attempt in range(attempts):
            try:
                self._start_on(free_port())
                return self
            except ServerStartError as e:
                if attempt + 1 == attempts or "already in use" not in str(e).lower():
                    raise
        return self

    def _start_on(self, port):
        self.port = port
        self.args = self.command_line(port)
        self._log = open(self.log_path, "ab")
        self._log_offset = self._log.tell()
        self._log.write(("=== %s\n" % " ".join(repr(a) if a == "" else a for a in self.args)).encode())
        self._log.flush()
        env = dict(os.environ)
        env.setdefault("ASAN_OPTIONS", "abort_on_error=0:detect_leaks=1")
        env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
        self.proc = subprocess.Popen(self.args, cwd=self.dir, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.pid = self.proc.pid
        self.returncode = None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            rc = self.proc.poll()
            if rc is not None:
                self.returncode = rc
                self._log.close()
                raise ServerStartError("%s exited with code %s during startup on port %d; log:\n%s"
                                       % (self.name, rc, port, self.log_since(self._log_offset)))
            reply = ping_raw(self.host, port)
            if reply and (reply.startswith(b"+PONG") or reply.startswith(b"-NOAUTH")):
                return
            time.sleep(0.05)
        self.kill()
        raise ServerStartError("%s did not answer PING within %.0f s on port %d; log:\n%s"
                               % (self.name, START_TIMEOUT, port, self.log_tail()))

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_exit(self, timeout=STOP_TIMEOUT):
        """Wait (bounded) for the process to exit on its own; return its exit code or None."""
        if self.proc is None:
            return self.returncode
        try:
            self.returncode = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        return self.returncode

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM, wait up to `timeout`, then SIGKILL. Returns the exit code (negative = signal).
        Raises AssertionError if the process survived SIGKILL too."""
        if self.proc is None:
            return self.returncode
        if self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self.returncode = self.proc.poll()
        assert self.returncode is not None, "%s (pid %d) did not exit" % (self.name, self.pid)
        if self._log and not self._log.closed:
            self._log.close()
        return self.returncode

    def kill(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self.proc.kill()
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            pass

    # ---- output ----

    def log_text(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def log_since(self, offset, n=60):
        try:
            with open(self.log_path, "rb") as f:
                f.seek(offset)
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-n:])

    def log_tail(self, n=60):
        return "\n".join(self.log_text().splitlines()[-n:])

    def sanitizer_reports(self):
        text = self.log_text()
        return [m for m in SANITIZER_MARKERS if m in text]

    # ---- clients ----

    def client(self, **kwargs):
        """A redis-py client (bytes replies). Pass password=... or it uses --requirepass if given
        and authenticate=True."""
        kwargs.setdefault("decode_responses", False)
        kwargs.setdefault("socket_timeout", 30)
        kwargs.setdefault("socket_connect_timeout", 10)
        if kwargs.pop("authenticate", False) and self.password:
            kwargs.setdefault("password", self.password)
        return redis.Redis(host=self.host, port=self.port, **kwargs)

    def connect(self, timeout=10):
        """A raw TCP socket to the server."""
        s = socket.create_connection((self.host, self.port), timeout=timeout)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return s

    def cli_run(self, *args, input=None, timeout=30, check=False):
        """Run redis-cli against this server; returns the CompletedProcess (text mode)."""
        cmd = [REDIS_CLI, "-h", self.host, "-p", str(self.port)] + [str(a) for a in args]
        return subprocess.run(cmd, input=input, capture_output=True, text=True,
                              timeout=timeout, check=check)

    def cli(self, *args, **kwargs):
        """Run redis-cli with these arguments; return its stdout with the final newline removed."""
        r = self.cli_run(*args, **kwargs)
        out = r.stdout
        return out[:-1] if out.endswith("\n") else out

    def __repr__(self):
        return "<Server %s %s:%s pid=%s>" % (self.name, self.host, self.port, self.pid)
