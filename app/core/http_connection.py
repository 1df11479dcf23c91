"""Plain http.client connections through the system's proxy, with the proxy's credentials.

Model downloads and remote engines both open their connections here, so both
honour the same proxy settings: ``urllib.request.getproxies()`` (the
environment's ``https_proxy``/``http_proxy`` everywhere, the system settings on
macOS and Windows) and its bypass list. A proxy URL may carry a user name and
password (``http://user:secret@proxy:3128``); they are sent as
``Proxy-Authorization: Basic`` on the CONNECT of a tunnel, or on each request
for plain HTTP through the proxy. Without them such a proxy answers 407.
"""

from __future__ import annotations

import base64
import http.client
import ssl
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Proxy:
    host: str
    port: int
    #: ``Proxy-Authorization`` and nothing else: empty without credentials
    headers: dict[str, str] = field(default_factory=dict, repr=False)


def default_ssl_context(ca_file: str | None = None) -> ssl.SSLContext:
    """Verification on, always: certifi's roots (else the system's), plus ``ca_file``."""
    try:
        import certifi

        context = ssl.create_default_context(cafile=certifi.where())
    except ImportError:
        context = ssl.create_default_context()
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


def proxy_for(url: str) -> Proxy | None:
    """The proxy the system names for ``url``, or None (none set, or the host is bypassed)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if urllib.request.proxy_bypass(host):
        return None
    named = urllib.request.getproxies().get(parts.scheme)
    if not named:
        return None
    via = urlsplit(named if "://" in named else f"http://{named}")
    headers: dict[str, str] = {}
    if via.username is not None:
        pair = f"{unquote(via.username)}:{unquote(via.password or '')}"
        headers["Proxy-Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
    return Proxy(via.hostname or "", via.port or 8080, headers)


def open_connection(
    url: str, timeout: float, context: ssl.SSLContext | None = None
) -> tuple[http.client.HTTPConnection, bool, dict[str, str]]:
    """A connection for ``url`` (an http or https URL), whether the request line must carry
    the absolute URL (plain HTTP through a proxy), and headers each request must add (the
    proxy's credentials in that case)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme == "https"
    proxy = proxy_for(url)
    if proxy is not None:
        if not https:
            conn = http.client.HTTPConnection(proxy.host, proxy.port, timeout=timeout)
            return conn, True, dict(proxy.headers)
        tunnel = http.client.HTTPSConnection(
            proxy.host, proxy.port, timeout=timeout, context=context or default_ssl_context()
        )
        tunnel.set_tunnel(host, parts.port or 443, headers=dict(proxy.headers))
        return tunnel, False, {}
    if https:
        return (
            http.client.HTTPSConnection(
                host, parts.port, timeout=timeout, context=context or default_ssl_context()
            ),
            False,
            {},
        )
    return http.client.HTTPConnection(host, parts.port, timeout=timeout), False, {}


def request_target(url: str, absolute: bool) -> str:
    if absolute:
        return url
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
