from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.http import require_GET
from django.views.static import serve


@require_GET
def healthz(request):
    """Liveness probe; also the 'minimal Django view' ceiling used by bench/."""
    return HttpResponse("ok", content_type="text/plain")


def serve_media(request, path: str):
    """Uploads in the demo (``SERVE_MEDIA``); in production the web server serves them."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
