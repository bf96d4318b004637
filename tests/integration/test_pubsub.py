"""Pub/sub against redis-server 7.0: the same scripted sessions (a subscriber and a publisher) run
on ringkv and on Redis, and every reply and every delivered message must be identical, in RESP2
(subscribed mode and its rules) and RESP3 (push messages between ordinary replies). Also: one
publisher's messages arrive in order, a subscriber that stops reading is disconnected at
client-output-buffer-limit pubsub instead of growing the server's memory, and a hostile pattern
does not blow up."""

import socket
import time

import pytest

from conftest import require_commands
from resp import Conn, ConnectionClosed, encode


def _pair(ringkv, oracle, n=2):
    """n connections to each server: [[ringkv conns], [redis conns]]."""
    return [[Conn((s.host, s.port)) for _ in range(n)] for s in (ringkv, oracle)]


def _close(sides):
    for side in sides:
        for c in side:
            c.close()


# Each step: (connection index, command) — the reply is compared; ("read", i) reads one pushed
# message on connection i and compares it.
SESSION = [
    (0, ["SUBSCRIBE", "news", "sport"]),
    ("read", 0),  # the second subscribe confirmation
    (1, ["PUBLISH", "news", "hello"]),
    ("read", 0),
    (1, ["PUBLISH", "weather", "nobody"]),
    (0, ["PSUBSCRIBE", "n?ws", "sp[a-z]rt", "x\\*y"]),
    ("read", 0), ("read", 0),
    (1, ["PUBLISH", "news", "both"]),
    ("read", 0), ("read", 0),
    (1, ["PUBLISH", "x*y", "escaped"]),
    ("read", 0),
    (1, ["PUBLISH", "xzy", "no match"]),
    (1, ["PUBSUB", "NUMSUB", "news", "sport", "none"]),
    (1, ["PUBSUB", "NUMPAT"]),
    (1, ["PUBSUB", "CHANNELS", "n*"]),
    (0, ["PING"]),
    (0, ["PING", "hi"]),
    (0, ["GET", "k"]),
    (0, ["UNSUBSCRIBE", "news", "never"]),
    ("read", 0),
    (0, ["PUNSUBSCRIBE", "n?ws"]),
    (0, ["SSUBSCRIBE", "shard1"]),
    (1, ["SPUBLISH", "shard1", "s-msg"]),
    ("read", 0),
    (1, ["PUBLISH", "shard1", "not to shard subscribers"]),
    (1, ["PUBSUB", "SHARDNUMSUB", "shard1", "x"]),
    (1, ["PUBSUB", "SHARDCHANNELS"]),
    (0, ["SUNSUBSCRIBE"]),
    (0, ["UNSUBSCRIBE"]),
    (0, ["PUNSUBSCRIBE"]),
    ("read", 0),
    (0, ["PUNSUBSCRIBE"]),
    (0, ["UNSUBSCRIBE"]),
    (0, ["GET", "k"]),
    (0, ["SUBSCRIBE", "again"]),
    (0, ["RESET"]),
    (0, ["GET", "k"]),
    (1, ["PUBSUB", "NUMSUB", "again"]),
    (1, ["PUBSUB", "HELP"]),
]


@pytest.mark.parametrize("protocol", [2, 3])
def test_pubsub_session_matches_redis(ringkv, oracle, protocol):
    require_commands(ringkv, "subscribe", "publish", "pubsub", "ssubscribe")
    sides = _pair(ringkv, oracle)
    try:
        for side in sides:
            if protocol == 3:
                for c in side:
                    assert c.call("HELLO", "3").kind == "%"
        for n, (who, cmd) in enumerate(SESSION):
            if who == "read":
                mine, theirs = (side[cmd].read_reply() for side in sides)
            else:
                mine, theirs = (side[who].call(*cmd) for side in sides)
            assert mine == theirs, "step %d %r: ringkv %r, redis %r" % (n, cmd, mine, theirs)
    finally:
        _close(sides)


def test_resp3_push_between_replies(ringkv, oracle):
    """In RESP3 a subscribed client runs any command; a message published by itself arrives
    before its PUBLISH reply, as in Redis."""
    require_commands(ringkv, "subscribe", "publish")
    sides = _pair(ringkv, oracle, 1)
    try:
        for (c,) in sides:
            c.call("HELLO", "3")
        for cmd in (["SUBSCRIBE", "me"], ["SET", "k", "v"], ["GET", "k"]):
            mine, theirs = (c.call(*cmd) for (c,) in sides)
            assert mine == theirs, cmd
        for (c,) in sides:
            c.send(encode("PUBLISH", "me", "self"))
        for _ in range(2):
            mine, theirs = (c.read_reply() for (c,) in sides)
            assert mine == theirs
    finally:
        _close(sides)


def test_one_publishers_messages_arrive_in_order(ringkv):
    require_commands(ringkv, "subscribe", "publish")
    with Conn((ringkv.host, ringkv.port)) as sub, Conn((ringkv.host, ringkv.port)) as pub:
        sub.call("SUBSCRIBE", "q")
        pub.send(b"".join(encode("PUBLISH", "q", str(i)) for i in range(3000)))
        for i in range(3000):
            assert pub.read_reply().value == 1
        for i in range(3000):
            msg = sub.read_reply()
            assert [x.value for x in msg.value] == [b"message", b"q", str(i).encode()]


def test_slow_subscriber_is_disconnected_at_the_pubsub_limit(ringkv):
    require_commands(ringkv, "subscribe", "publish")
    with Conn((ringkv.host, ringkv.port)) as admin:
        assert admin.call("CONFIG", "SET", "client-output-buffer-limit",
                          "pubsub 1mb 256kb 60").kind == "+"
        sub = Conn((ringkv.host, ringkv.port))
        # A tiny receive buffer: the subscriber's socket fills at once, as a stalled consumer's.
        sub.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sub_id = sub.call("CLIENT", "ID").value
        sub.call("SUBSCRIBE", "firehose")
        payload = "x" * 100_000
        deadline = time.monotonic() + 60
        # The subscriber never reads: the server must drop it rather than buffer without bound.
        published = 0
        while admin.call("PUBSUB", "NUMSUB", "firehose").value[1].value == 1:
            assert time.monotonic() < deadline, "the slow subscriber was never disconnected"
            admin.call("PUBLISH", "firehose", payload)
            published += 1
        assert b"id=%d " % sub_id not in admin.call("CLIENT", "LIST").value
        assert published < 200  # dropped near the 1 MB hard limit (plus the kernel's buffers)
        sub.close()


def test_hostile_pattern_does_not_blow_up(ringkv, oracle):
    require_commands(ringkv, "psubscribe", "publish")
    sides = _pair(ringkv, oracle)
    pattern = "a*" * 40 + "b"
    channel = "a" * 20000
    try:
        for side in sides:
            side[0].call("PSUBSCRIBE", pattern, "*[")
        for cmd in (["PUBLISH", channel, "m"], ["PUBLISH", channel + "b", "m"], ["PUBLISH", "[", "m"]):
            mine, theirs = (side[1].call(*cmd) for side in sides)
            assert mine == theirs, cmd
    finally:
        _close(sides)


def test_expired_keyspace_notifications_match_redis(ringkv, oracle):
    """notify-keyspace-events: an expired key is announced on both channels, as Redis does."""
    require_commands(ringkv, "psubscribe")
    sides = _pair(ringkv, oracle)
    try:
        for sub, admin in sides:
            assert admin.call("CONFIG", "SET", "notify-keyspace-events", "KEx").kind == "+"
            sub.call("PSUBSCRIBE", "__key*__:*")
            admin.call("SET", "soon", "v", "PX", "5")
            admin.call("SET", "other", "v")  # no event for a plain SET under "KEx"
        for _ in range(2):  # keyspace then keyevent message, once the active expiry finds it
            mine, theirs = (sub.read_reply() for sub, _ in sides)
            assert mine == theirs
    finally:
        _close(sides)
