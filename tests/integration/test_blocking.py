"""Blocking list commands seen from real clients: served by another client's push, first come
first served, sub-second timeouts, a blocked client that disconnects is forgotten, CLIENT
UNBLOCK, and the reliable-queue pattern (BLMOVE into a processing list, then LREM) under several
producers and consumers. Each scenario runs against ringkv and against redis-server 7.0 (the
oracle) and must give the same results."""

import threading
import time

import pytest
import redis

from conftest import require_commands


def wait_until(predicate, timeout=10.0, what="condition"):
    """Polls `predicate` until true; fails after `timeout` seconds (a bound, not a measurement)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.01)
    pytest.fail("timed out waiting for " + what)


def blocked_clients(client):
    return client.info("clients")["blocked_clients"]


def run_in_thread(fn):
    result = {}

    def target():
        try:
            result["value"] = fn()
        except Exception as e:  # reported to the test thread
            result["error"] = e

    t = threading.Thread(target=target, daemon=True)
    t.start()
    return t, result


@pytest.fixture(params=["ringkv", "oracle"])
def server(request):
    srv = request.getfixturevalue(request.param)
    require_commands(srv, "blpop", "blmove", "rpush", "lrem")
    return srv


def test_blpop_served_by_push(server):
    admin = server.client()
    waiter = server.client()
    t, result = run_in_thread(lambda: waiter.blpop(["q1", "q2"], timeout=0))
    wait_until(lambda: blocked_clients(admin) == 1, what="the client to block")
    assert admin.rpush("q2", "hello") == 1
    t.join(10)
    assert result.get("value") == (b"q2", b"hello")
    assert admin.exists("q2") == 0  # the popped list was emptied and removed
    assert blocked_clients(admin) == 0


def test_subsecond_timeout_returns_nil(server):
    c = server.client()
    assert c.blpop(["nothing"], timeout=0.05) is None
    assert c.blmove("nothing", "dst", 0.05, "LEFT", "RIGHT") is None


def test_waiters_served_first_come_first_served(server):
    admin = server.client()
    clients = [server.client() for _ in range(3)]
    threads = []
    for i, c in enumerate(clients):
        threads.append(run_in_thread(lambda c=c: c.brpop("fifo", timeout=0)))
        wait_until(lambda i=i: blocked_clients(admin) == i + 1, what="waiter %d" % i)
    admin.rpush("fifo", "a", "b", "c")  # BRPOP takes from the right: c, then b, then a
    got = []
    for t, result in threads:
        t.join(10)
        got.append(result.get("value"))
    assert got == [(b"fifo", b"c"), (b"fifo", b"b"), (b"fifo", b"a")]


def test_disconnected_waiter_is_forgotten(server):
    admin = server.client()
    pool_client = redis.Redis(host=server.host, port=server.port, socket_timeout=5)
    conn = pool_client.connection_pool.get_connection("BLPOP")
    conn.send_command("BLPOP", "gone", "0")
    wait_until(lambda: blocked_clients(admin) == 1, what="the client to block")
    conn.disconnect()
    wait_until(lambda: blocked_clients(admin) == 0, what="the waiter to be forgotten")
    assert admin.lpush("gone", "x") == 1
    assert admin.llen("gone") == 1  # nobody took it


def test_client_unblock(server):
    admin = server.client()
    waiter = server.client()
    my_id = waiter.client_id()
    t, result = run_in_thread(lambda: waiter.blpop("never", timeout=0))
    wait_until(lambda: blocked_clients(admin) == 1, what="the client to block")
    assert admin.client_unblock(my_id) == 1
    t.join(10)
    assert result.get("value") is None
    assert admin.client_unblock(my_id) == 0  # no longer blocked

    t, result = run_in_thread(lambda: waiter.blpop("never", timeout=0))
    wait_until(lambda: blocked_clients(admin) == 1, what="the client to block again")
    assert admin.client_unblock(my_id, error=True) == 1
    t.join(10)
    assert isinstance(result.get("error"), redis.ResponseError)
    assert "UNBLOCKED" in str(result["error"])


def test_reliable_queue_many_producers_and_consumers(server):
    producers, consumers, per_producer = 4, 4, 250
    total = producers * per_producer
    seen = []
    lock = threading.Lock()

    def produce(p):
        c = server.client()
        for i in range(per_producer):
            c.lpush("jobs", "%d:%d" % (p, i))

    def consume():
        c = server.client()
        while True:
            job = c.blmove("jobs", "processing", 0.2, "RIGHT", "LEFT")
            if job is None:
                with lock:
                    if len(seen) >= total:
                        return
                continue
            with lock:
                seen.append(job)
            assert c.lrem("processing", 1, job) == 1  # acknowledged

    workers = [threading.Thread(target=consume, daemon=True) for _ in range(consumers)]
    workers += [threading.Thread(target=produce, args=(p,), daemon=True) for p in range(producers)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert not w.is_alive()
    assert len(seen) == total
    assert len(set(seen)) == total  # every job exactly once
    admin = server.client()
    assert admin.llen("jobs") == 0
    assert admin.llen("processing") == 0
