"""A service's refusal, shown where the user looks: next to the field on a
form, or as a message above a step's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def put_errors(form, error: ValidationError) -> None:
    """Put ``error`` (from a service) on ``form``: each message next to its
    field when the form has that field, at the top otherwise; a message the
    form already shows is not repeated."""
    shown = {str(message) for errors in form.errors.values() for message in errors}
    items = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for field, field_messages in items:
        key = field if field in form.fields else None
        new = [message for message in field_messages if str(message) not in shown]
        if new:
            form.add_error(key, new)
            shown.update(str(message) for message in new)


def run_step(request, action, **kwargs) -> bool:
    """Run a service for a step page or an action; show its refusal as error
    messages. True when it succeeded."""
    try:
        action(**kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    return True
