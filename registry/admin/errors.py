"""A service's refusal, shown where the user looks: next to the field on a
form, or as a message above a step's page."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def put_errors(form, error: ValidationError) -> None:
    """Put ``error`` (from a service) on ``form``: each message next to its
    field when the form has that field, at the top otherwise. A message the
    form already shows is not repeated; one it shows at the top (a named
    constraint's) moves next to the field the service names."""
    items = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for field, field_messages in items:
        key = field if field in form.fields else None
        for message in field_messages:
            text = str(message)
            at_top = [str(m) for m in form.errors.get(NON_FIELD_ERRORS, [])]
            if key is not None and text in at_top:
                rest = [m for m in at_top if m != text]
                if rest:
                    form._errors[NON_FIELD_ERRORS] = form.error_class(rest, error_class="nonfield")
                else:
                    del form._errors[NON_FIELD_ERRORS]
            elif any(text in map(str, shown) for shown in form.errors.values()):
                continue
            form.add_error(key, text)


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
