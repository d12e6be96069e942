"""Helpers shared by the staff page tests of agreements."""

from __future__ import annotations

from django.urls import reverse

#: A small valid PDF for uploads through the pages and services.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def detail_url(agreement) -> str:
    return reverse("agreements:detail", args=[agreement.pk])


def page_html(response) -> str:
    return response.content.decode()
