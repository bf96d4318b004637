"""pytest fixtures for the integration suite: real server binaries on free loopback ports.

Environment / options:
  RINGKV_SERVER        path to ringkv-server (<builddir>/frontend/net/ringkv-server). Unset: tests
                       that need ringkv are skipped when run by hand, and fail when CI is set.
                       Pointing it at /usr/bin/redis-server runs the suite against Redis itself
                       (that is how the tests are checked); --io-backend is then not passed.
  RINGKV_IO_BACKEND    io_uring|epoll (default io_uring); or --io-backend=io_uring,epoll to run
                       every ringkv test once per backend in one pytest run.
  REDIS_SERVER         the oracle binary (default /usr/bin/redis-server).

Fixtures:
  ringkv        a started ringkv Server (server.py): .host .port .pid .dir .client() .cli(*args)
  oracle        the same for redis-server (no --io-backend)
  make_ringkv   factory: make_ringkv("--requirepass", "secret") -> started Server
  make_oracle   factory, the same for redis-server
Every server started by a fixture is stopped at teardown (SIGTERM, then SIGKILL after a bounded
wait); the teardown asserts that it exited, that a server still running at teardown exited 0 on
SIGTERM, and that its output holds no sanitizer report.
"""

import os
import subprocess
import resource
import shutil

import pytest

from server import Server, is_redis_server

DEFAULT_ORACLE = "/usr/bin/redis-server"


def pytest_addoption(parser):
    group = parser.getgroup("ringkv")
    group.addoption("--ringkv-server", default=os.environ.get("RINGKV_SERVER", ""),
                    help="path to ringkv-server (default: $RINGKV_SERVER)")
    group.addoption("--io-backend", default=os.environ.get("RINGKV_IO_BACKEND", "io_uring"),
                    help="io backend(s) for ringkv, comma-separated: io_uring,epoll "
                         "(default: $RINGKV_IO_BACKEND or io_uring)")
    group.addoption("--oracle-server", default=os.environ.get("REDIS_SERVER", DEFAULT_ORACLE),
                    help="path to the oracle redis-server (default: $REDIS_SERVER or %s)"
                         % DEFAULT_ORACLE)


def pytest_configure(config):
    # Servers inherit this process's open-file limit: make room for the many-clients tests.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 10032 if hard == resource.RLIM_INFINITY else min(10032, hard)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def _backends(config):
    values = [b.strip() for b in config.getoption("--io-backend").split(",") if b.strip()]
    for b in values:
        if b not in ("io_uring", "epoll"):
            raise pytest.UsageError("--io-backend: unknown backend %r (io_uring|epoll)" % b)
    return values or ["io_uring"]


def pytest_generate_tests(metafunc):
    # Every test that (indirectly) uses a ringkv server runs once per requested backend.
    if "io_backend" in metafunc.fixturenames:
        metafunc.parametrize("io_backend", _backends(metafunc.config), scope="function")


def pytest_report_header(config):
    binary = config.getoption("--ringkv-server") or "(unset: ringkv tests skipped)"
    return ["ringkv-server: %s" % binary,
            "io backends: %s" % ",".join(_backends(config)),
            "oracle: %s" % config.getoption("--oracle-server")]


@pytest.fixture(scope="session")
def ringkv_binary(pytestconfig):
    path = pytestconfig.getoption("--ringkv-server")
    if not path:
        msg = ("RINGKV_SERVER is not set: point it at <builddir>/frontend/net/ringkv-server "
               "(or at /usr/bin/redis-server to check the tests themselves)")
        if os.environ.get("CI"):
            pytest.fail(msg + " [CI is set, so this is a failure, not a skip]")
        pytest.skip(msg)
    path = os.path.abspath(path)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail("RINGKV_SERVER=%s is not an executable file (did the build fail?)" % path)
    return path


@pytest.fixture(scope="session")
def oracle_binary(pytestconfig):
    path = pytestconfig.getoption("--oracle-server")
    resolved = shutil.which(path) or path
    if not (os.path.isfile(resolved) and os.access(resolved, os.X_OK)):
        pytest.fail("oracle redis-server not found at %s (scripts/setup.sh test installs it)" % path)
    return resolved


class _Servers:
    """Starts servers for one test and checks them all at teardown."""

    def __init__(self, tmp_path_factory, label):
        self.tmp_path_factory = tmp_path_factory
        self.label = label
        self.servers = []

    def start(self, binary, io_backend, extra_args):
        d = self.tmp_path_factory.mktemp(self.label)
        srv = Server(binary, d, io_backend=io_backend, extra_args=extra_args,
                     name=os.path.basename(binary))
        self.servers.append(srv)
        return srv.start()

    def finish(self):
        problems = []
        for srv in self.servers:
            was_running = srv.running()
            rc = srv.stop()
            if was_running and rc != 0:
                problems.append("%r exited with code %s on SIGTERM at teardown; log tail:\n%s"
                                % (srv, rc, srv.log_tail()))
            found = srv.sanitizer_reports()
            if found:
                problems.append("%r: sanitizer report(s) %s in its output:\n%s"
                                % (srv, found, srv.log_tail(200)))
        assert not problems, "\n\n".join(problems)


@pytest.fixture
def io_backend():
    # Overridden by pytest_generate_tests; this default only serves direct fixture requests.
    return os.environ.get("RINGKV_IO_BACKEND", "io_uring")


@pytest.fixture
def make_ringkv(ringkv_binary, io_backend, tmp_path_factory):
    servers = _Servers(tmp_path_factory, "ringkv")
    yield lambda *extra_args: servers.start(ringkv_binary, io_backend, list(extra_args))
    servers.finish()


@pytest.fixture
def make_oracle(oracle_binary, tmp_path_factory):
    servers = _Servers(tmp_path_factory, "oracle")
    yield lambda *extra_args: servers.start(oracle_binary, None, list(extra_args))
    servers.finish()


@pytest.fixture
def ringkv(make_ringkv):
    return make_ringkv()


@pytest.fixture
def oracle(make_oracle):
    return make_oracle()


@pytest.fixture(scope="session")
def ringkv_is_redis(pytestconfig):
    """True when RINGKV_SERVER points at a real redis-server (the suite checking itself)."""
    return is_redis_server(pytestconfig.getoption("--ringkv-server") or "")


def require_commands(srv, *names):
    """Skips the calling test when `srv` lacks a command family that has not landed yet (the
    collections), naming what is missing. Once the family lands the test runs and must pass."""
    # Raw replies: redis-py's COMMAND INFO callback cannot parse the nil of a missing command.
    conn = srv.client().connection_pool.get_connection("COMMAND")
    missing = []
    for n in names:
        conn.send_command("COMMAND", "INFO", n)
        r = conn.read_response()
        if not r or r[0] is None:
            missing.append(n)
    conn.disconnect()
    if missing:
        pytest.skip("server lacks %s (family not landed yet)" % ", ".join(missing))


@pytest.fixture
def small_tmpfs(tmp_path):
    """A 4 MB tmpfs mounted for the test (disk-full tests); skipped where mounting is not allowed."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + r.stderr.strip())
    yield str(mnt)
    subprocess.run(["umount", "-l", str(mnt)], check=False)
