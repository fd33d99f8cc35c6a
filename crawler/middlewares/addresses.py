"""Refuse requests to private, loopback and link-local addresses (the cloud metadata service at
169.254.169.254, 10/8, 172.16/12, 192.168/16, 127/8, ::1, fc00::/7, ...), decided after DNS resolution.

Page requisites, redirects and links can name any host; a press site (or whoever controls a page it embeds)
could make the crawler fetch from the network it runs in and archive the answer. A kind of address is allowed
only when a source's own homepage resolves to that kind (a site on the intranet, the tests' sites on
127.0.0.1), or when it is listed in NEWSARCHIVE_ALLOWED_ADDRESSES (networks, e.g. "10.1.0.0/16"). A refused
request raises IgnoreRequest with the reason, is logged, and counted under `addresses/refused/<kind>`.

The resolver is a constructor argument, so that tests decide with answers of their choosing and send nothing.
Names are resolved in a thread, once per host and run. (The downloader resolves the host again when it
connects: a DNS answer that changes in between is not caught here.)"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from crawler.meta import SOURCE

__all__ = ["PrivateAddressGuard", "address_kind", "refusal", "resolve"]

log = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def resolve(host: str) -> list[str]:
    """The addresses HOST resolves to (socket.getaddrinfo)."""
    return sorted({info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)})


def address_kind(address: Address) -> str:
    """ "" for a public address, else what it is: loopback, link-local, private, ..."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind, test in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),  # 169.254/16 (cloud metadata), fe80::/10
        ("unspecified", address.is_unspecified),
        ("multicast", address.is_multicast),
        ("private", address.is_private),  # 10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10 ...
        ("reserved", address.is_reserved),
    ):
        if test:
            return kind
    return ""


def refusal(host: str, addresses: Iterable[str], allowed_kinds: set[str], allowed_networks: Iterable) -> str:
    """Why a request to HOST (resolving to ADDRESSES) is refused, or "" when it is not."""
    networks = list(allowed_networks)
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        kind = address_kind(address)
        if not kind or kind in allowed_kinds or any(address in network for network in networks):
            continue
        metadata = " (the cloud metadata service)" if text == "169.254.169.254" else ""
        return (
            f"{host} resolves to {text}, a {kind} address{metadata}: refused "
            "(allow it with NEWSARCHIVE_ALLOWED_ADDRESSES)"
        )
    return ""


class PrivateAddressGuard:
    def __init__(
        self,
        homepages: dict[str, str],
        allowed_networks: Iterable[str] = (),
        resolver: Callable[[str], list[str]] = resolve,
        stats=None,
    ):
        """HOMEPAGES: {source name: homepage URL} of the crawl's sources (their kinds of address are allowed)."""
        self.resolver = resolver
        self.stats = stats
        self.networks = [ipaddress.ip_network(n, strict=False) for n in allowed_networks]
        self.homepages = homepages
        self._addresses: dict[str, list[str]] = {}
        self._home_kinds: dict[str, set[str]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSARCHIVE_ADDRESS_GUARD"):
            raise NotConfigured
        from archive.sources import SourceError, load_sources

        try:
            sources = load_sources(settings.get("NEWSARCHIVE_SOURCES"))
        except SourceError:
            sources = {}
        return cls(
            {name: s.homepage for name, s in sources.items()},
            settings.getlist("NEWSARCHIVE_ALLOWED_ADDRESSES"),
            stats=crawler.stats,
        )

    async def process_request(self, request: Request, spider=None):
        host = urlsplit(request.url).hostname or ""
        if host and not self._is_literal(host) and host not in self._addresses:
            await maybe_deferred_to_future(deferToThread(self.addresses, host))  # DNS off the reactor
        self.check(request)
        return None

    def check(self, request: Request) -> None:
        """Raise IgnoreRequest when the request's host resolves to an address it may not reach."""
        host = urlsplit(request.url).hostname or ""
        if not host:
            return
        source = request.meta.get(SOURCE)
        reason = refusal(host, self.addresses(host), self.allowed_kinds(source), self.networks)
        if reason:
            if self.stats is not None:
                self.stats.inc_value("addresses/refused")
            log.warning("%s: %s", request.url, reason)
            raise IgnoreRequest(f"{request.url}: {reason}")

    def allowed_kinds(self, source: str | None) -> set[str]:
        """The kinds of address the source's homepage (or, for a request no source claims, any of the crawl's
        homepages) resolves to."""
        names = [source] if source in self.homepages else list(self.homepages)
        kinds: set[str] = set()
        for name in names:
            if name not in self._home_kinds:
                host = urlsplit(self.homepages[name]).hostname or ""
                self._home_kinds[name] = {
                    address_kind(ipaddress.ip_address(a.split("%", 1)[0])) for a in self.addresses(host)
                } - {""}
            kinds |= self._home_kinds[name]
        return kinds

    def addresses(self, host: str) -> list[str]:
        if self._is_literal(host):
            return [host]
        if host not in self._addresses:
            try:
                self._addresses[host] = list(self.resolver(host))
            except OSError:  # not resolvable: the download fails on its own, with its own reason
                self._addresses[host] = []
        return self._addresses[host]

    @staticmethod
    def _is_literal(host: str) -> bool:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return False
        return True
