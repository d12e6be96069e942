"""Bare baselines for the benchmarks: the same page as the app, from raw SQL.

No DRF, no templates, no ORM: each view checks the token and the reader role in one statement
(`reader_only`), runs its SQL through Django's connection and writes the response by hand. The
app's URLs stay mounted next to these (benchmarks/settings_bench.py), so one gunicorn serves both
sides of every ratio.

    /bare/agreements/?kind=&stage=&status=&year=&search=&before=<id>&page_size=
    /bare/agreements/<id>/
    /bare/kerja-sama/?...        (HTML table of the same page)
    /bare/kerja-sama/<id>/       (HTML detail with the stage history)
    /bare/monitoring/kpi/?year=   (IKU JSON from the facilitation summary)
    /bare/monitoring/renja/?year= (Tabel 2.1's inputs as JSON, one statement)
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from urllib.parse import urlencode

from django.db import connection
from django.http import Http404, HttpResponse
from django.urls import include, path

from agreements import stages
from kerjasama import roles

COLUMNS = (
    "id", "number", "title", "kind", "ksdd_form", "bidang", "summary", "background",
    "objective", "targets", "object", "scope", "financing_source", "value_idr", "burdens_public",
    "budgeted_in_apbd", "initiating_unit", "facilitated_on", "start_date", "end_date",
    "confidential", "stage", "status", "end_reason", "ended_on", "dprd_required", "dprd_status",
    "dprd_submitted_on", "dprd_received_on", "dprd_deadline", "created_at", "updated_at",
    "version",
)  # fmt: skip
SELECT = (
    ", ".join(f"a.{c}" for c in COLUMNS)
    + ", ARRAY(SELECT ap.partner_id FROM agreements_agreement_partners ap"
    " JOIN agreements_partner p ON p.id = ap.partner_id"
    " WHERE ap.agreement_id = a.id ORDER BY p.name, ap.partner_id) AS partners"
    ", ARRAY(SELECT au.urusan_id FROM agreements_agreement_urusan au"
    " WHERE au.agreement_id = a.id ORDER BY au.urusan_id) AS urusan"
)


READER_SQL = """
SELECT u.id FROM authtoken_token t JOIN auth_user u ON u.id = t.user_id
WHERE t.key = %s AND u.is_active AND (u.is_superuser OR EXISTS (
  SELECT 1 FROM auth_user_groups ug JOIN auth_group g ON g.id = ug.group_id
  WHERE ug.user_id = u.id AND g.name IN (%s, %s)))
"""


def reader_only(view):
    """The fastest honest check of the request's credentials: token and role in one statement.

    The app answers nobody without credentials and a reader role; neither does its twin.
    """

    def wrapper(request, *args, **kwargs):
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Token" or not key:
            return HttpResponse(status=401)
        with connection.cursor() as cursor:
            cursor.execute(READER_SQL, [key, roles.STAF, roles.SEKDA])
            if cursor.fetchone() is None:
                return HttpResponse(status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _json_default(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(type(value))


def _row_dict(row) -> dict:
    data = dict(zip((*COLUMNS, "partners", "urusan"), row, strict=True))
    data["allowed_transitions"] = (
        stages.allowed_targets(
            data["kind"],
            data["stage"],
            dprd_step_needed=data["dprd_required"] and data["dprd_status"] != "disetujui",
            dprd_rejected=data["dprd_status"] == "ditolak",
        )
        if data["status"] == "aktif"
        else []
    )
    return data


def _where(q) -> tuple[list[str], list]:
    where, params = [], []
    for name in ("kind", "stage", "status"):
        if q.get(name):
            where.append(f"a.{name} = %s")
            params.append(q[name])
    if (year := q.get("year", "")).isdigit():
        where.append("a.facilitated_on BETWEEN %s AND %s")
        params += [dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)]
    if search := q.get("search", "").strip():
        # Trigram indexes on title, number and partner name (migration 0003); the partner hits
        # as an array so that the OR stays indexable (benchmarks/README.md, F8).
        like = f"%{search.upper()}%"
        where.append(
            "(upper(a.title) LIKE %s OR upper(a.number) LIKE %s OR a.id = ANY(ARRAY("
            "SELECT ap.agreement_id FROM agreements_agreement_partners ap"
            " WHERE ap.partner_id IN (SELECT p.id FROM agreements_partner p"
            " WHERE upper(p.name) LIKE %s))))"
        )
        params += [like, like, like]
    return where, params


def _capped_count(request, cap: int = 1000) -> int:
    """What the staff list shows: the exact count up to `cap`, cap + 1 for "more than cap"."""
    where, params = _where(request.GET)
    sql = "SELECT a.id FROM agreements_agreement a"
    if where:
        sql += " WHERE " + " AND ".join(where)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT %s) s", [*params, cap + 1])
        return cursor.fetchone()[0]


def _page(request) -> tuple[list[dict], int | None, int]:
    q = request.GET
    where, params = _where(q)
    if (before := q.get("before", "")).isdigit():
        where.append("a.id < %s")
        params.append(int(before))
    size = min(int(q["page_size"]) if q.get("page_size", "").isdigit() else 50, 200)
    # The page is chosen first (inner LIMIT), the per-row subqueries run for its rows only:
    # at the outer level the planner expects ~51 rows and probes the indexes instead of hashing
    # every DPRD decision of the registry.
    inner = "SELECT a.* FROM agreements_agreement a"
    if where:
        inner += " WHERE " + " AND ".join(where)
    inner += " ORDER BY a.id DESC LIMIT %s"
    sql = f"SELECT {SELECT} FROM ({inner}) a ORDER BY a.id DESC"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, size + 1])
        rows = cursor.fetchall()
    results = [_row_dict(r) for r in rows[:size]]
    next_before = results[-1]["id"] if len(rows) > size else None
    return results, next_before, size


def _next_url(request, next_before) -> str | None:
    if next_before is None:
        return None
    query = {k: v for k, v in request.GET.items() if k != "before"}
    query["before"] = next_before
    return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")


@reader_only
def bare_list_json(request):
    results, next_before, _ = _page(request)
    body = {"next": _next_url(request, next_before), "previous": None, "results": results}
    return HttpResponse(json.dumps(body, default=_json_default), content_type="application/json")


def _one(pk: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {SELECT}, (SELECT coalesce(json_agg(json_build_object("
            "'from_stage', h.from_stage, 'to_stage', h.to_stage, 'date', h.date,"
            " 'note', h.note) ORDER BY h.id), '[]') FROM agreements_stagehistory h"
            " WHERE h.agreement_id = a.id) AS history"
            " FROM agreements_agreement a WHERE a.id = %s",
            [pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404
    history = row[-1]
    data = _row_dict(row[:-1])
    data["history"] = json.loads(history) if isinstance(history, str) else history
    return data


@reader_only
def bare_detail_json(request, pk: int):
    return HttpResponse(
        json.dumps(_one(pk), default=_json_default), content_type="application/json"
    )


HEAD = (
    '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>'
    '<link rel="stylesheet" href="/static/vendor/bootstrap/bootstrap.min.css"></head>'
    '<body><main class="container">'
)


def _html_page(request, size: int = 25) -> tuple[list[tuple], str | None]:
    """The staff list's page in its default order (newest facilitation first), by keyset.

    `?setelah=<facilitated_on>_<id>`: the rows after the previous page's last one, as the app's
    "Berikutnya" link does; partner names in one array per row.
    """
    where, params = _where(request.GET)
    day, _, last = request.GET.get("setelah", "").partition("_")
    if day and last.isdigit():
        where.append("a.facilitated_on <= %s AND (a.facilitated_on < %s OR a.id < %s)")
        params += [day, day, int(last)]
    inner = "SELECT a.* FROM agreements_agreement a"
    if where:
        inner += " WHERE " + " AND ".join(where)
    inner += " ORDER BY a.facilitated_on DESC, a.id DESC LIMIT %s"
    sql = (
        "SELECT a.id, a.number, a.title, a.kind, a.stage, a.status, a.end_date, a.value_idr,"
        " a.facilitated_on, ARRAY(SELECT p.name FROM agreements_agreement_partners ap"
        " JOIN agreements_partner p ON p.id = ap.partner_id WHERE ap.agreement_id = a.id"
        f" ORDER BY p.name) FROM ({inner}) a ORDER BY a.facilitated_on DESC, a.id DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, size + 1])
        rows = cursor.fetchall()
    cursor_next = (
        f"{rows[size - 1][8].isoformat()}_{rows[size - 1][0]}" if len(rows) > size else None
    )
    return rows[:size], cursor_next


@reader_only
def bare_list_html(request):
    """What /kerja-sama/ shows: the table of 25 rows with partners and the capped count."""
    from agreements.views import LIST_COUNT_CAP

    rows, cursor_next = _html_page(request)
    count = _capped_count(request, LIST_COUNT_CAP)
    out = [HEAD.format(title="Kerja sama"), '<table class="table"><thead><tr>']
    heads = ("Nomor", "Judul", "Jenis", "Mitra", "Tahapan", "Status", "Berakhir", "Nilai")
    out += [f"<th>{h}</th>" for h in heads]
    out.append("</tr></thead><tbody>")
    for pk, number, title, kind, stage, status, end, value, _, partners in rows:
        end_cell = f"{end:%d-%m-%Y}" if end else "–"
        out.append(
            f'<tr><td><a href="/bare/kerja-sama/{pk}/">{escape(number)}</a></td>'
            f"<td>{escape(title)}</td><td>{kind}</td>"
            f"<td>{' · '.join(escape(p) for p in partners)}</td>"
            f"<td>{escape(stages.label(stage))}</td><td>{status}</td><td>{end_cell}</td>"
            f"<td>{value if value is not None else '–'}</td></tr>"
        )
    out.append("</tbody></table>")
    shown = f"lebih dari {LIST_COUNT_CAP}" if count > LIST_COUNT_CAP else count
    out.append(f"<p>{shown} data</p>")
    if cursor_next:
        query = {k: v for k, v in request.GET.items() if k != "setelah"}
        query["setelah"] = cursor_next
        out.append(f'<a href="?{escape(urlencode(query))}">Berikutnya</a>')
    out.append("</main></body></html>")
    return HttpResponse("".join(out))


@reader_only
def bare_detail_html(request, pk: int):
    r = _one(pk)
    out = [HEAD.format(title=escape(r["number"])), f"<h1>{escape(r['title'])}</h1><dl>"]
    for key in ("number", "kind", "stage", "status", "facilitated_on", "start_date", "end_date"):
        out.append(f"<dt>{key}</dt><dd>{escape(str(r[key] or '–'))}</dd>")
    out.append("</dl><ol>")
    for h in r["history"]:
        label = escape(stages.label(h["to_stage"]))
        out.append(f"<li>{h['date']}: {label} {escape(h['note'])}</li>")
    out.append("</ol></main></body></html>")
    return HttpResponse("".join(out))


KPI_SQL = """
SELECT coalesce(sum(t.n), 0),
       coalesce(sum(t.n) FILTER (WHERE t.signed_year BETWEEN 1 AND %(y)s), 0),
       coalesce(sum(t.n) FILTER (WHERE t.kind = 'KSDD'), 0),
       coalesce(sum(t.n) FILTER (WHERE t.kind = 'KSDD' AND t.signed_year BETWEEN 1 AND %(y)s), 0),
       coalesce(sum(t.n) FILTER (WHERE t.kind <> 'KSDD'), 0),
       coalesce(sum(t.n) FILTER (WHERE t.kind <> 'KSDD' AND t.signed_year BETWEEN 1 AND %(y)s), 0),
       (SELECT g.target FROM monitoring_target g
         WHERE g.indicator = 'iku' AND g.year = %(y)s AND g.period = 'tahunan')
FROM agreements_facilitationtally t WHERE t.facilitated_year = %(y)s
"""  # the summary kept by agreements.tallies: a few rows per year, one statement


def _kpi_block(fasilitasi, naskah, target) -> dict:
    if not fasilitasi:
        state = "tanpa_data"
    elif target is None:
        state = "tanpa_target"
    else:
        state = "tercapai" if naskah * 100 >= target * fasilitasi else "belum_tercapai"
    return {
        "fasilitasi": fasilitasi,
        "naskah": naskah,
        "iku_percent": naskah * 100 / fasilitasi if fasilitasi else None,
        "target_percent": float(target) if target is not None else None,
        "status": state,
    }


@reader_only
def bare_kpi_json(request):
    year = int(request.GET.get("year", "2025"))
    with connection.cursor() as cursor:
        cursor.execute(KPI_SQL, {"y": year})
        total, signed, ad, ad_signed, ln, ln_signed, target = cursor.fetchone()
    body = {
        "year": year,
        **_kpi_block(total, signed, target),
        "by_group": {
            "antar_daerah": _kpi_block(ad, ad_signed, target),
            "antar_lembaga_luar_negeri": _kpi_block(ln, ln_signed, target),
        },
    }
    return HttpResponse(json.dumps(body, default=str), content_type="application/json")


RENJA_SQL = """
SELECT
  (SELECT coalesce(json_agg(json_build_object('indicator', g.indicator, 'year', g.year,
          'period', g.period, 'target', g.target)), '[]') FROM monitoring_target g
    WHERE g.period = 'renstra' OR (g.period = 'tahunan' AND g.year IN (%(prev)s, %(y)s))),
  (SELECT coalesce(json_agg(json_build_object('indicator', r.indicator, 'year', r.year,
          'value', r.value, 'cumulative', r.cumulative)), '[]') FROM monitoring_realisation r
    WHERE r.year <= %(y)s),
  (SELECT coalesce(json_agg(json_build_object('year', s.signed_year, 'kind', s.kind, 'n', s.n)),
          '[]') FROM agreements_signedtally s WHERE s.signed_year <= %(prev)s),
  (SELECT coalesce(json_agg(json_build_object('kind', f.kind, 'signed_year', f.signed_year,
          'n', f.n)), '[]') FROM agreements_facilitationtally f
    WHERE f.facilitated_year = %(prev)s)
"""  # every input of Tabel 2.1 in one round trip (summaries of agreements.tallies)


@reader_only
def bare_renja_json(request):
    """The inputs of Tabel 2.1 as JSON, one statement; the column formulas are not applied."""
    year = int(request.GET.get("year", "2025"))
    with connection.cursor() as cursor:
        cursor.execute(RENJA_SQL, {"y": year, "prev": year - 1})
        row = cursor.fetchone()
    parts = [p if isinstance(p, str) else json.dumps(p) for p in row]
    body = (
        f'{{"year": {year}, "targets": {parts[0]}, "realisations": {parts[1]}, '
        f'"outputs": {parts[2]}, "kpi_prev": {parts[3]}}}'
    )
    return HttpResponse(body, content_type="application/json")


urlpatterns = [
    path("bare/agreements/", bare_list_json),
    path("bare/agreements/<int:pk>/", bare_detail_json),
    path("bare/kerja-sama/", bare_list_html),
    path("bare/kerja-sama/<int:pk>/", bare_detail_html),
    path("bare/monitoring/kpi/", bare_kpi_json),
    path("bare/monitoring/renja/", bare_renja_json),
    path("", include("kerjasama.urls")),
]
