"""Fetching URLs and RSS/Atom feeds with httpx, refusing private targets unless allowed.

The address that was checked is the address connected to: a name that answers a public
address to the check and loopback to a second lookup (DNS rebinding) cannot reach loopback,
because the connection never looks the name up again. TLS still names the host (SNI and
certificate check) and the Host header is the URL's.
"""
from __future__ import annotations

import ipaddress
import socket
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlparse

import httpcore
import httpx

from ..errors import FetchError

USER_AGENT = "counterpoint/0.1 (+https://example.invalid/counterpoint; research crawler)"


@dataclass
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    content: bytes
    media_type: str


def check_target(url: str, allow_private: bool, resolve=None) -> list[str]:
    """Refuse URLs that are not http(s) or that point at loopback/private networks.

    Returns the addresses the host resolved to, all checked (none when private targets are
    allowed: then there is nothing to pin).
    """
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http:// and https:// URLs can be fetched", code="bad_url")
    if allow_private:
        return []
    try:
        infos = (resolve or socket.getaddrinfo)(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except OSError as exc:
        raise FetchError(f"{url}: cannot resolve host {parts.hostname} ({exc})", code="fetch_failed") from None
    checked = []
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved or addr.is_multicast:
            raise FetchError(f"{url}: refusing to fetch a private or loopback address ({addr})",
                             code="private_target", hint="pass --allow-private to fetch from your own network")
        checked.append(str(addr))
    if not checked:
        raise FetchError(f"{url}: host {parts.hostname} has no address", code="fetch_failed")
    return checked


class PinnedBackend(httpcore.NetworkBackend):
    """Opens TCP connections to the address pinned for a host name, never to a fresh lookup.

    httpcore hands the URL's host to `connect_tcp` and, separately, to the TLS layer as the
    server name, so pinning here leaves SNI, certificate checks and the Host header alone.
    """

    def __init__(self, pins: dict[str, str], *, allow_unpinned: bool):
        self.pins = pins
        self.allow_unpinned = allow_unpinned
        self.inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout=None, local_address=None, socket_options=None):
        address = self.pins.get(host.lower())
        if address is None:
            if not self.allow_unpinned:  # fail closed: every hop is checked and pinned before it is asked for
                raise httpcore.ConnectError(f"{host}: no checked address to connect to")
            address = host
        return self.inner.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                      socket_options=socket_options)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool that uses the PinnedBackend."""

    def __init__(self, pins: dict[str, str], *, allow_unpinned: bool):
        super().__init__(trust_env=False)
        # httpx takes no network backend; its connection pool does (the pool is httpx's `_pool`)
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                             network_backend=PinnedBackend(pins, allow_unpinned=allow_unpinned))


def pin_key(url: str) -> str:
    """The host as httpcore will name it to the backend (IDNA-encoded, lower case)."""
    return httpx.URL(url).raw_host.decode("ascii").lower()


class Fetcher:
    """Fetches pages; the transport is injectable so tests need no network."""

    def __init__(self, *, allow_private: bool = False, timeout: float = 20.0, max_bytes: int = 5_000_000,
                 transport: httpx.BaseTransport | None = None, resolve=None):
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.resolve = resolve
        self.pins: dict[str, str] = {}  # host -> the checked address connections go to
        if transport is None:
            transport = PinnedTransport(self.pins, allow_unpinned=allow_private)
        # no proxies from the environment: a proxy would look the name up again
        self.client = httpx.Client(follow_redirects=False, timeout=timeout, transport=transport,
                                   headers={"User-Agent": USER_AGENT}, trust_env=False)

    def get(self, url: str) -> Fetched:
        current = url
        for _ in range(10):  # follow redirects by hand so every hop is checked
            addresses = check_target(current, self.allow_private, self.resolve)
            if addresses:
                self.pins[pin_key(current)] = addresses[0]
            try:
                with self.client.stream("GET", current) as resp:
                    if resp.is_redirect:
                        current = str(resp.url.join(resp.headers.get("location", "")))
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(f"{url}: HTTP {resp.status_code}", code="fetch_failed")
                    chunks, size = [], 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise FetchError(f"{url}: larger than {self.max_bytes} bytes", code="too_large")
                        chunks.append(chunk)
                    media = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                    return Fetched(url, str(resp.url), b"".join(chunks), media)
            except httpx.HTTPError as exc:
                raise FetchError(f"{url}: {exc.__class__.__name__}: {exc}", code="fetch_failed") from None
        raise FetchError(f"{url}: too many redirects", code="fetch_failed")

    def close(self) -> None:
        self.client.close()


@dataclass
class FeedItem:
    link: str | None
    title: str | None
    published: str | None
    summary: str | None
    guid: str | None


def is_feed(content: bytes, media_type: str = "") -> bool:
    head = content[:1024].lstrip().lower()
    return "rss" in media_type or "atom" in media_type or head.startswith((b"<rss", b"<feed")) or (
        head.startswith(b"<?xml") and (b"<rss" in content[:2048].lower() or b"<feed" in content[:2048].lower()))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_feed(content: bytes, name: str) -> list[FeedItem]:
    """Items of an RSS 2.0 or Atom feed."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise FetchError(f"{name}: the feed is not valid XML ({exc})", code="bad_feed") from None
    items = []
    for el in root.iter():
        if _local(el.tag) not in ("item", "entry"):
            continue
        fields: dict[str, str | None] = {}
        for child in el:
            tag = _local(child.tag)
            if tag == "link":
                fields.setdefault("link", child.get("href") or (child.text or "").strip() or None)
            elif tag in ("title", "guid", "id"):
                fields.setdefault("guid" if tag in ("guid", "id") else tag, (child.text or "").strip() or None)
            elif tag in ("pubDate", "published", "updated", "date"):
                fields.setdefault("published", (child.text or "").strip() or None)
            elif tag in ("description", "summary", "content", "encoded"):
                fields.setdefault("summary", (child.text or "").strip() or None)
        items.append(FeedItem(fields.get("link"), fields.get("title"), fields.get("published"),
                              fields.get("summary"), fields.get("guid")))
    return items
