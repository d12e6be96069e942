"""Pages of the arsip app: search in documents (/cari/)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from kerjasama import roles

from . import selectors


@login_required
def search(request):
    roles.require_reader(request.user)
    q = selectors.query_clean(request.GET.get("q"))
    page, hits = (None, [])
    if q:
        page, hits = selectors.search_page(
            user=request.user, q=q, page_number=request.GET.get("halaman")
        )
    return render(
        request,
        "arsip/search.html",
        {"q": q, "page": page, "hits": hits, "full_text": selectors.is_postgres()},
    )
