"""drf-spectacular glue: only ``/api/v1/`` goes in the schema, and bearer tokens are
documented as a security scheme (``ApiConfig.ready`` imports this module)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

API_PREFIX = "/api/v1/"


def only_api_v1(endpoints, **kwargs):
    """Preprocessing hook: leave out every other DRF view (Wagtail's admin API…)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal token (account page, or `manage.py create_api_token`) or a "
                "brand API key (brand settings)."
            ),
        }
