from allauth.account.adapter import DefaultAccountAdapter
from django.utils.crypto import get_random_string
from django.utils.text import slugify


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is by email; usernames are generated, unique and never shown as credentials."""

    def populate_username(self, request, user):
        base = slugify(user.email.split("@")[0])[:20] or "member"
        user.username = f"{base}-{get_random_string(6).lower()}"
