"""URL canonicalisation: the key that makes one article one row, whatever link led to it.

`canonical_url()` is an identity key, not a fetchable address: fetched URLs stay in `captures.url` and
`articles.url`. It drops what never changes the article (tracking parameters, fragments, default ports, the
`www.`, mobile and AMP host prefixes and AMP path markers) and takes the page's own `rel=canonical` or `og:url`
only when it stays on the same site, so a syndicated copy pointing at the wire agency keeps its own row."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

__all__ = [
    "canonical_url",
    "clean_url",
    "normal_url",
    "same_site",
    "site_key",
    "TRACKING_PARAMS",
    "TRACKING_PREFIXES",
]

# Parameters that say how a reader arrived, never which article they read.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "spm",
        "ref_src",
        "ref_url",
        "cmpid",
        "zarsrc",  # Zalo, the dominant Vietnamese messenger
        "gidzl",  # Zalo
        "amp",  # ?amp=1 and ?amp select the AMP rendering of the same article
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "fb_", "ga_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.", "wap.")
# /amp/..., .../amp, .../amp/ and foo.amp.html or foo.amp: AMP renderings of the same article.
_AMP_SEGMENT = "amp"
_AMP_SUFFIX = re.compile(r"\.amp(?=\.[a-z0-9]+$|$)", re.IGNORECASE)
# Characters that need no percent-encoding in a path or query (RFC 3986 unreserved plus sub-delims we keep).
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def site_key(host: str) -> str:
    """The host without `www.`, mobile and AMP prefixes: two hosts of one site share it."""
    host = host.lower().rstrip(".")
    changed = True
    while changed:
        changed = False
        for prefix in _HOST_PREFIXES:
            # Keep at least a two-label host: "m.vn" is not a mobile variant of "vn".
            if host.startswith(prefix) and host.count(".") >= 2:
                host = host[len(prefix) :]
                changed = True
    return host


def same_site(a: str, b: str) -> bool:
    """True when the two URLs belong to one site (same host up to www/mobile/AMP prefixes)."""
    ha, hb = urlsplit(a).hostname, urlsplit(b).hostname
    return bool(ha and hb) and site_key(ha) == site_key(hb)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _requote(part: str, safe: str) -> str:
    # Decode then encode once: %7e and ~ or %C3%B4 and ô become one spelling, NFC first.
    return quote(unicodedata.normalize("NFC", unquote(part)), safe=safe)


def _strip_amp_path(path: str) -> str:
    segments = path.split("/")  # "/amp/a/b" -> ["", "amp", "a", "b"]
    if len(segments) > 2 and segments[1].lower() == _AMP_SEGMENT:
        del segments[1]
    slash = len(segments) > 2 and segments[-1] == ""
    core = segments[:-1] if slash else segments
    if len(core) > 2 and core[-1].lower() == _AMP_SEGMENT:
        core = core[:-1]  # "/story/amp/" -> "/story/", "/story/amp" -> "/story"
    path = "/".join(core) + ("/" if slash else "")
    return _AMP_SUFFIX.sub("", path or "/")


def clean_url(url: str) -> str:
    """The URL with tracking parameters, fragment, default port and AMP/mobile markers removed, and a
    stable spelling (lower-case scheme and host, sorted query, one percent-encoding)."""
    url = unicodedata.normalize("NFC", url.strip())
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if host and not host.isascii() else host.lower()
    except UnicodeError:
        host = host.lower()
    host = site_key(host)
    port = parts.port
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    path = _strip_amp_path(_requote(parts.path or "/", _PATH_SAFE))
    query = [
        (_requote(k, "-._~"), _requote(v, "-._~"))
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(k) and not (k.lower() == "outputtype" and v.lower() == "amp")
    ]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query), safe="-._~%"), ""))


def normal_url(url: str) -> str:
    """The URL as a browser would send it, beside the spelling a WARC record has (`captures.normal_url`):
    lower-case scheme and host, no default port, an empty path made "/", spaces and other characters that
    are not allowed percent-encoded, no fragment. Unlike clean_url it keeps every parameter and the host as
    it is: two spellings of one address meet, two addresses never do. Not a URL (no scheme and host): as is."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host.lower()
    except UnicodeError:
        host = host.lower()
    if ":" in host:
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = (userinfo + "@" if userinfo else "") + host
    if port is not None and _DEFAULT_PORTS[scheme] != port:
        netloc += f":{port}"
    path = quote(parts.path or "/", safe=_PATH_SAFE + "%")
    query = quote(parts.query, safe=_PATH_SAFE + "?%")
    return urlunsplit((scheme, netloc, path, query, ""))


def canonical_url(url: str, *, canonical: str | None = None, og_url: str | None = None) -> str:
    """The identity key of the article fetched at URL. A `rel=canonical` (or else `og:url`) hint is
    followed when it is an absolute http(s) URL on the same site; otherwise the page's own URL is used."""
    for hint in (canonical, og_url):
        if hint and urlsplit(hint).scheme in ("http", "https") and same_site(hint, url):
            return clean_url(hint)
    return clean_url(url)
