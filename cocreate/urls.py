from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cocreate.views import healthz, serve_media

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("api.web_urls")),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("ideas/", include("ideas.urls")),
    path("notifications/", include("notifications.urls")),
    path("staff/<slug:brand_slug>/settings/webhooks/", include("webhooks.urls")),
    path("staff/<slug:brand_slug>/settings/", include("brands.urls")),
    path("staff/", include("ideas.staff_urls")),
    path("search/", include("search.urls")),
    path("api/v1/", include("api.urls")),
    path("challenges/", include("challenges.urls")),
    path("roadmap/", include("ideas.urls_roadmap")),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve_media))

urlpatterns.append(path("", include(wagtail_urls)))
