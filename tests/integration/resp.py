"""A tiny RESP client for tests that must see replies exactly as sent (type and bytes).

encode(*args) builds a RESP multibulk command. Conn wraps a socket: send(), read_reply() parses one
reply into a Reply tuple (kind, value):
    ('+', b'OK')            simple string          ('-', b'ERR ...')   error
    (':', 42)               integer                ('$', b'..')        bulk string
    ('$', None)             null bulk ($-1)        ('*', [Reply...])   array
    ('*', None)             null array (*-1)
RESP3 kinds are parsed too, for completeness: '_' null, ',' double (bytes), '#' boolean,
'%' map (list of (k, v) pairs), '~' set, '>' push, '=' verbatim, '(' big number, '|' attribute.
No type conversion happens, so two servers' replies compare exactly with ==.
"""

import socket
from collections import namedtuple

Reply = namedtuple("Reply", "kind value")


class ProtocolError(Exception):
    pass


class ConnectionClosed(Exception):
    pass


def encode(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        elif isinstance(a, int):
            a = str(a).encode()
        elif isinstance(a, float):
            a = repr(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Conn:
    def __init__(self, sock_or_addr, timeout=30):
        if isinstance(sock_or_addr, tuple):
            sock_or_addr = socket.create_connection(sock_or_addr, timeout=timeout)
        self.sock = sock_or_addr
        self.sock.settimeout(timeout)
        self.buf = bytearray()
        self.pos = 0

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, data):
        self.sock.sendall(data)

    def call(self, *args):
        """Send one command and read its reply."""
        self.send(encode(*args))
        return self.read_reply()

    # ---- reading ----

    def _fill(self):
        if self.pos > 65536 and self.pos * 2 > len(self.buf):
            del self.buf[:self.pos]
            self.pos = 0
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise ConnectionClosed("connection closed by server")
        self.buf += chunk

    def _line(self):
        while True:
            i = self.buf.find(b"\r\n", self.pos)
            if i >= 0:
                line = bytes(self.buf[self.pos:i])
                self.pos = i + 2
                return line
            self._fill()

    def _exact(self, n):
        while len(self.buf) - self.pos < n + 2:
            self._fill()
        data = bytes(self.buf[self.pos:self.pos + n])
        if self.buf[self.pos + n:self.pos + n + 2] != b"\r\n":
            raise ProtocolError("bulk not terminated by CRLF")
        self.pos += n + 2
        return data

    def read_reply(self):
        line = self._line()
        if not line:
            raise ProtocolError("empty reply line")
        kind, rest = chr(line[0]), line[1:]
        if kind in "+-":
            return Reply(kind, rest)
        if kind == ":":
            return Reply(kind, int(rest))
        if kind in "$=":
            n = int(rest)
            return Reply(kind, None if n < 0 else self._exact(n))
        if kind in "*~>":
            n = int(rest)
            if n < 0:
                return Reply(kind, None)
            return Reply(kind, [self.read_reply() for _ in range(n)])
        if kind in "%|":
            n = int(rest)
            return Reply(kind, [(self.read_reply(), self.read_reply()) for _ in range(n)])
        if kind == "_":
            return Reply(kind, None)
        if kind in ",#(":
            return Reply(kind, rest)
        raise ProtocolError("unknown reply type byte %r in line %r" % (kind, line))

    def read_until_closed(self, limit=1 << 20):
        """Read whatever remains until the server closes the connection (raises socket.timeout
        if it stays open past the socket timeout). Returns the bytes not yet parsed."""
        while len(self.buf) - self.pos < limit:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                return bytes(self.buf[self.pos:])
            self.buf += chunk
        raise ProtocolError("more than %d bytes without the connection closing" % limit)


def show(reply):
    """A compact, readable rendering of a Reply for failure messages."""
    kind, v = reply
    if kind in "*~>" and v is not None:
        return kind + "[" + ", ".join(show(r) for r in v) + "]"
    if kind in "%|":
        return kind + "{" + ", ".join(show(a) + ": " + show(b) for a, b in v) + "}"
    return kind + repr(v)
