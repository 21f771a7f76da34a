"""Every API error has one shape: ``{"error": {"code", "message", "fields"}}``.

Status codes: 400 a malformed request or invalid fields (serializer errors, and service
errors tied to a field); 401 no or bad credentials; 403 not allowed; 404 not found or not
visible to you; 409 the resource's state conflicts with the request (``CONFLICT_CODES``);
413 body too large; 422 well-formed but refused by a rule of the site (closed challenge,
vote budget, a move the pipeline does not allow); 429 rate limited, with ``Retry-After``.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

# Codes of the services' ValidationErrors that are not about the request's fields: the
# idea's state conflicts (409), or a rule of the site refuses the action (422), even when
# the service names the field the refusal concerns.
CONFLICT_CODES = {
    "already_merged",
    "target_merged",
    "merged",
    "already_hidden",
    "already_flagged",
    "resolved",
    "conflict",
}
RULE_CODES = {"transition_not_allowed"}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = _("The resource changed in a way that conflicts with this request.")


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = _("The request body is too large.")


class RuleRefused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "refused"


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def _messages(detail) -> list[str] | dict:
    if isinstance(detail, dict):
        return {key: _messages(value) for key, value in detail.items()}
    if isinstance(detail, list):
        flat = []
        for item in detail:
            value = _messages(item)
            flat.extend(value if isinstance(value, list) else [value])
        return flat
    return [str(detail)]


def _from_django_validation(error: DjangoValidationError) -> exceptions.APIException:
    codes = (
        [item.code for item in error.error_list]
        if not hasattr(error, "error_dict")
        else [item.code for items in error.error_dict.values() for item in items]
    )
    message = " ".join(error.messages)
    if conflict := next((code for code in codes if code in CONFLICT_CODES), None):
        return Conflict(message, code=conflict)
    if rule := next((code for code in codes if code in RULE_CODES), None):
        return RuleRefused(message, code=rule)
    if hasattr(error, "error_dict"):
        fields = {
            name: [str(message) for item in errors for message in item.messages]
            for name, errors in error.error_dict.items()
        }
        return exceptions.ValidationError(fields)
    code = next((e.code for e in error.error_list if e.code), None) or "refused"
    return RuleRefused(message, code=code)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = _from_django_validation(exc)
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("API error", exc_info=exc)
        return Response(
            error_body("server_error", _("Something went wrong on our side.")),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )

    if isinstance(exc, exceptions.ValidationError):
        fields = _messages(exc.detail)
        if not isinstance(fields, dict):
            fields = {"non_field_errors": fields}
        response.data = error_body("invalid", _("Some fields are invalid."), fields)
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response

    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    code = codes if isinstance(codes, str) else "error"
    message = detail if isinstance(detail, str) else " ".join(_messages(detail))
    response.data = error_body(code, message)
    return response
