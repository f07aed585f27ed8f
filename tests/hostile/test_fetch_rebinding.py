"""DNS rebinding while fetching: a name that answers a public address when it is checked
and loopback when it is connected to must not reach loopback, on any redirect hop."""
from __future__ import annotations

import http.server
import socket
import threading

import pytest

from counterpoint.errors import FetchError
from counterpoint.ingest.fetch import Fetcher

PUBLIC_A, PUBLIC_B = "93.184.216.34", "151.101.1.69"  # checked as public; never really contacted


@pytest.fixture
def local_server():
    """A server on loopback: /secret is what a rebinding page wants to read."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/hop":
                self.send_response(302)
                self.send_header("Location", f"http://rebind.example:{self.server.server_port}/secret")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"loopback secret; host=" + self.headers.get("Host", "").encode())

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_port
    httpd.shutdown()


@pytest.fixture
def rebinding_dns(monkeypatch, local_server):
    """rebind.example answers public once, then loopback; hop.example is a public server
    (played by the loopback one). Records every address a connection was opened to."""
    asked: dict[str, int] = {}
    connected: list[str] = []
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "rebind.example":
            asked[host] = asked.get(host, 0) + 1
            addr = PUBLIC_B if asked[host] == 1 else "127.0.0.1"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (addr, port))]
        if host == "hop.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC_A, port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        host, port = address
        connected.append(host)
        if host == PUBLIC_A:  # the "public" server of the first hop
            return real_connect(("127.0.0.1", port), *args, **kwargs)
        if host == PUBLIC_B:
            raise ConnectionRefusedError(111, "no network in tests")
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return connected


def test_fetch_connects_to_the_checked_address_not_a_second_lookup(rebinding_dns, local_server):
    with pytest.raises(FetchError) as exc:
        Fetcher(timeout=5).get(f"http://rebind.example:{local_server}/secret")
    assert exc.value.code == "fetch_failed"
    assert rebinding_dns == [PUBLIC_B]  # never 127.0.0.1, never the name


def test_fetch_pins_every_redirect_hop(rebinding_dns, local_server):
    with pytest.raises(FetchError):
        Fetcher(timeout=5).get(f"http://hop.example:{local_server}/hop")
    assert rebinding_dns == [PUBLIC_A, PUBLIC_B]


def test_fetch_pinned_keeps_the_host_header(rebinding_dns, local_server):
    got = Fetcher(timeout=5).get(f"http://hop.example:{local_server}/page")
    assert got.content == f"loopback secret; host=hop.example:{local_server}".encode()
    assert rebinding_dns == [PUBLIC_A]


def test_fetch_pinned_tls_names_the_host_not_the_address(monkeypatch):
    """SNI and certificate checks use the URL's host name, while the socket goes to the pin."""
    import httpcore

    seen = {}

    class Stream(httpcore.NetworkStream):
        def start_tls(self, ssl_context, server_hostname=None, timeout=None):
            seen["sni"] = server_hostname
            raise httpcore.ConnectError("stop before the handshake")

        def close(self):
            pass

    monkeypatch.setattr(socket, "getaddrinfo",
                        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC_A, port))])
    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp",
                        lambda self, host, port, **kw: seen.setdefault("address", host) and Stream())
    with pytest.raises(FetchError):
        Fetcher(timeout=5).get("https://news.example/story")
    assert seen == {"address": PUBLIC_A, "sni": "news.example"}
