"""A page-number paginator whose count stops at a cap (benchmarks/README.md, F8).

Django's Paginator counts every matching row for "Halaman x dari y"; at a million agreements a
broad search matches tens of thousands and the COUNT costs more than the page itself. This one
counts at most `cap + 1` rows (`SELECT COUNT(*) FROM (... LIMIT cap + 1)`): up to the cap the
count is exact and the pager is unchanged; beyond it the pager says "lebih dari <cap> data" and
moves on with "Berikutnya" for as long as the next page has rows. `page_after` reads a page by
keyset (the rows after the previous page's last one), so "Berikutnya" on page 40 costs what
page 1 costs instead of an OFFSET over every earlier row.
"""

from __future__ import annotations

import math

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property


class CappedPage(Page):
    def __init__(self, object_list, number, paginator, *, more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self.more = more
        self.next_cursor = ""

    def has_next(self) -> bool:
        return self.more

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int = 1000, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        """The exact count up to `cap`; `cap + 1` means "more than cap" (see `capped`)."""
        qs = self.object_list
        return qs.order_by()[: self.cap + 1].count() if hasattr(qs, "order_by") else len(qs)

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        """Pages known to exist: all of them up to the cap, at least this many beyond it."""
        if self.capped:
            return math.ceil(self.cap / self.per_page)
        return super().num_pages

    def validate_number(self, number) -> int:
        if not self.capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def get_page(self, number):
        try:
            return super().get_page(number)
        except EmptyPage:  # past the last row beyond the cap: the last page known to exist
            return self.page(self.num_pages)

    def page(self, number):
        number = self.validate_number(number)
        if not self.capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def page_after(self, number, rows) -> CappedPage | None:
        """Page `number` read by keyset: the first rows of `rows`, a queryset already limited
        to the rows after the previous page's last one. None when there are none."""
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        found = list(rows[: self.per_page + 1])
        if not found:
            return None
        return CappedPage(found[: self.per_page], number, self, more=len(found) > self.per_page)
