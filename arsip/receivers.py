"""Receivers of the agreements app's signals."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def on_document_uploaded(sender, document_id: int, **kwargs) -> None:
    """Schedule the signature check and text extraction; the upload never waits for it.

    The upload is committed before this runs: a broker that is down must not turn it into an
    error (a client retrying would store a duplicate). The document simply stays unanalysed and
    kerjasama.recovery.recover_stuck_work() (the daily job, `manage.py arsip_analyse`) queues it.
    """
    from .tasks import document_analyse

    try:
        document_analyse.delay(document_id)
    except Exception:  # any broker failure; recovered by the daily job
        logger.exception("Analisis dokumen %s tidak diantrekan; menunggu pemulihan", document_id)
