"""Receivers of the agreements app's signals."""

from __future__ import annotations


def on_document_uploaded(sender, document_id: int, **kwargs) -> None:
    """Schedule the signature check and text extraction; the upload never waits for it."""
    from .tasks import document_analyse

    document_analyse.delay(document_id)
