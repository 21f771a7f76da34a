"""The OpenAPI 3 schema is generated from the code; the docs page serves its own assets."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.urls import URLPattern

from api import urls as api_urls

pytestmark = pytest.mark.django_db


def _openapi_path(pattern: URLPattern) -> str:
    route = str(pattern.pattern)
    return "/api/v1/" + re.sub(
        r"<(?:\w+:)?(\w+)>", lambda m: "{%s}" % ("id" if m[1] == "pk" else m[1]), route
    )


DOCUMENTED = [
    _openapi_path(p) for p in api_urls.urlpatterns if p.name not in {"schema", "docs", "not-found"}
]


def test_schema_is_openapi_3_with_every_endpoint(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Cocreate API"
    assert sorted(schema["paths"]) == sorted(DOCUMENTED)
    assert schema["components"]["securitySchemes"]["bearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["bearerToken"]["description"],
    }


def test_schema_as_json(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_schema_documents_the_error_shape(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    challenges = schema["paths"]["/api/v1/challenges/"]["get"]
    error = challenges["responses"]["400"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    assert {p["name"] for p in challenges["parameters"]} >= {"brand", "open", "cursor"}


def test_docs_page_uses_local_assets(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/api/v1/schema/" in page
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|png))"', page)
    assert assets
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
