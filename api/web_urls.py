"""Pages for API credentials: personal tokens on the account, brand API keys for owners."""

from django.urls import path

from api import web_views

app_name = "api_web"

urlpatterns = [
    path("accounts/api-tokens/", web_views.personal_tokens, name="tokens"),
    path(
        "accounts/api-tokens/<int:token_id>/created/",
        web_views.personal_token_created,
        name="token_created",
    ),
    path(
        "accounts/api-tokens/<int:token_id>/revoke/",
        web_views.revoke_personal_token,
        name="token_revoke",
    ),
    path("staff/<slug:brand_slug>/settings/api-keys/", web_views.brand_keys, name="brand_keys"),
    path(
        "staff/<slug:brand_slug>/settings/api-keys/<int:token_id>/created/",
        web_views.brand_key_created,
        name="brand_key_created",
    ),
    path(
        "staff/<slug:brand_slug>/settings/api-keys/<int:token_id>/revoke/",
        web_views.revoke_brand_key,
        name="brand_key_revoke",
    ),
]
