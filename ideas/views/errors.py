from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form, on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            target = field if field in form.fields else NON_FIELD_ERRORS
            for item in field_errors:
                form.add_error(None if target == NON_FIELD_ERRORS else target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def first_message(error: ValidationError) -> str:
    return " ".join(error.messages)
