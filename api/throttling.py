"""Rate limits on writes (POST, PUT, PATCH, DELETE), per token or person and per IP.

Reads are not limited here. Counters live in the Django cache (Redis in production; a
cache outage lets requests through rather than failing them). Rates come from settings
``API_WRITE_RATE_USER`` and ``API_WRITE_RATE_IP`` (e.g. "60/min").
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class _WriteThrottle(SimpleRateThrottle):
    setting = ""

    def get_rate(self):
        return getattr(settings, self.setting)

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class WriteRateByUser(_WriteThrottle):
    scope = "write_user"
    setting = "API_WRITE_RATE_USER"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        token = request.auth
        ident = f"token:{token.pk}" if getattr(token, "pk", None) else f"user:{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class WriteRateByIp(_WriteThrottle):
    scope = "write_ip"
    setting = "API_WRITE_RATE_IP"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
