from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response

from api.errors import error_body


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([])
def not_found(request):
    """Unknown ``/api/v1/…`` URLs answer in the API's error shape, not an HTML page."""
    return Response(
        error_body("not_found", _("There is no such API endpoint.")),
        status=status.HTTP_404_NOT_FOUND,
    )
