"""Bare baselines for the benchmarks: the same page as the app, from ONE raw SQL query.

No DRF, no authentication, no templates, no ORM: each view runs one SQL statement through
Django's connection and writes the response by hand. The app's URLs stay mounted next to these
(benchmarks/settings_bench.py), so one gunicorn serves both sides of every ratio.

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

COLUMNS = (
    "id", "number", "title", "kind", "bidang", "summary", "objective", "scope",
    "financing_source", "value_idr", "burdens_public", "budgeted_in_apbd", "initiating_unit",
    "facilitated_on", "start_date", "end_date", "confidential", "stage", "status", "end_reason",
    "dprd_required", "dprd_submitted_on", "dprd_deadline", "created_at", "updated_at", "version",
)  # fmt: skip
SELECT = (
    ", ".join(f"a.{c}" for c in COLUMNS)
    + ", ARRAY(SELECT ap.partner_id FROM agreements_agreement_partners ap"
    " WHERE ap.agreement_id = a.id ORDER BY ap.partner_id) AS partners"
    ", ARRAY(SELECT au.urusan_id FROM agreements_agreement_urusan au"
    " WHERE au.agreement_id = a.id ORDER BY au.urusan_id) AS urusan"
    ", EXISTS(SELECT 1 FROM agreements_dprddecision d WHERE d.agreement_id = a.id"
    " AND d.decision = 'disetujui' AND NOT d.superseded) AS approved"
)


def _json_default(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(type(value))


def _row_dict(row) -> dict:
    data = dict(zip((*COLUMNS, "partners", "urusan", "approved"), row, strict=True))
    approved = data.pop("approved")
    data["allowed_transitions"] = (
        stages.allowed_targets(
            data["kind"],
            data["stage"],
            dprd_step_needed=data["dprd_required"] and not approved,
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


def bare_detail_json(request, pk: int):
    return HttpResponse(
        json.dumps(_one(pk), default=_json_default), content_type="application/json"
    )


HEAD = (
    '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>'
    '<link rel="stylesheet" href="/static/vendor/bootstrap/bootstrap.min.css"></head>'
    '<body><main class="container">'
)


def bare_list_html(request):
    results, next_before, _ = _page(request)
    out = [HEAD.format(title="Kerja sama"), '<table class="table"><thead><tr>']
    out += [f"<th>{h}</th>" for h in ("Nomor", "Judul", "Jenis", "Tahapan", "Status", "Mulai")]
    out.append("</tr></thead><tbody>")
    for r in results:
        out.append(
            f'<tr><td><a href="/bare/kerja-sama/{r["id"]}/">{escape(r["number"])}</a></td>'
            f"<td>{escape(r['title'])}</td><td>{r['kind']}</td>"
            f"<td>{escape(stages.label(r['stage']))}</td><td>{r['status']}</td>"
            f"<td>{r['facilitated_on']:%d-%m-%Y}</td></tr>"
        )
    out.append("</tbody></table>")
    count = _capped_count(request)
    out.append(f"<p>{'lebih dari 1.000' if count > 1000 else count} data</p>")
    if url := _next_url(request, next_before):
        out.append(f'<a href="{escape(url)}">Berikutnya</a>')
    out.append("</main></body></html>")
    return HttpResponse("".join(out))


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
