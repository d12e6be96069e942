"""Glue between service ValidationErrors and Django forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms import Form


def apply_service_errors(form: Form, exc: ValidationError) -> None:
    """Show each service error next to its field (or at the top when the form has no such field)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class BootstrapFormMixin:
    """Adds Bootstrap classes to every widget, and aria-invalid once the form is validated.

    Never read `self.errors` in `__init__`: it validates the bound form before a subclass has set
    its fields and querysets (a disabled field without its initial, a select still on `.none()`).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            input_type = getattr(widget, "input_type", None)
            if input_type == "checkbox":
                css = "form-check-input"
            elif input_type == "select" or widget.__class__.__name__.endswith("Select"):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses ids outside the database's integer range.

    Django checks the range for `pk=` lookups but not for the `pk__in=` of this field, which on
    SQLite raises OverflowError (a 500) for e.g. ?partners=10**30.
    """

    def _check_values(self, value):
        meta = self.queryset.model._meta
        field = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        internal_type = field.get_internal_type()
        if internal_type in connection.ops.integer_field_ranges:
            low, high = connection.ops.integer_field_range(internal_type)
            for item in value or ():
                try:
                    number = int(str(item).strip())
                except ValueError:
                    continue  # not a number at all: the parent reports it
                if not low <= number <= high:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": item},
                    )
        return super()._check_values(value)
