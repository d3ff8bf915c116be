"""Who may read ``/metrics``: the scraper's own key, or this machine; never a tenant's key.

Metrics cover every tenant (request counts, run times, cost), so a tenant's API key does
not open them. With API keys on, the scraper sends ``ADSTUDIO_METRICS_KEY`` as its bearer
token; without one configured, only direct connections from this machine (a scraper or
agent on the host, not a reverse proxy's forwarded requests) are served.
``ADSTUDIO_METRICS_PUBLIC=true`` serves everyone (a scraper on a private network).
"""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import Request

from api.auth import behind_proxy, is_loopback, keys_needed
from api.deps import ApiContext, bearer, unauthorized
from api.errors import ApiError


def check_metrics_access(request: Request, ctx: ApiContext) -> None:
    """Let the request read the metrics, or raise.

    Raises:
        ApiError: 403 for a tenant's API key; 401 for anything else not allowed.
    """
    settings = ctx.settings.api
    token = bearer(request)
    if settings.metrics_public:
        return
    if token is not None and settings.metrics_key is not None and hmac.compare_digest(
        token.encode(), settings.metrics_key.get_secret_value().encode()
    ):
        return
    if token is None and not keys_needed(ctx.settings, ctx.auth, request.headers.raw):
        return  # the API is open on loopback: so are its metrics
    if token is None and settings.metrics_key is None and direct_local(request):
        return
    if token is not None and ctx.keys.lookup(token) is not None:
        raise ApiError(403, "forbidden", "Tenant API keys do not open /metrics.",
                       hint="Scrape with the metrics key (ADSTUDIO_METRICS_KEY).")
    error = unauthorized()
    error.hint = ("Send the metrics key (ADSTUDIO_METRICS_KEY) as 'Authorization: Bearer "
                  "<key>'; without one set, /metrics answers only this machine.")
    raise error


def direct_local(request: Request) -> bool:
    """Whether the request came straight from this machine (no proxy in between)."""
    host = request.client.host if request.client else ""
    return not behind_proxy(request.headers.raw) and (is_loopback(host) or _loopback_ip(host))


def _loopback_ip(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
