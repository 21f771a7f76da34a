"""``Authorization: Bearer <token>`` for personal tokens and brand API keys."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from api.models import ApiToken
from api.tokens import hash_secret

LAST_USED_PRECISION = timedelta(minutes=1)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _sep, secret = header.partition(" ")
        if keyword.lower() != self.keyword.lower():
            return None
        secret = secret.strip()
        if not secret or " " in secret:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        try:
            token = ApiToken.objects.select_related("user").get(
                key_hash=hash_secret(secret), revoked_at=None
            )
        except ApiToken.DoesNotExist:
            token = None
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        self._touch(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        """Makes unauthenticated requests answer 401 (with this challenge), not 403."""
        return f'{self.keyword} realm="api"'

    @staticmethod
    def _touch(token: ApiToken) -> None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
