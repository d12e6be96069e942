"""Bare baselines for the benchmarks: the same page as the app, from raw SQL.

No DRF, no templates, no ORM: each view checks the token and the reader role in one statement
(`reader_only`), runs its SQL through Django's connection and writes the response by hand. The
app's URLs stay mounted next to these (benchmarks/settings_bench.py), so one gunicorn serves both
sides of every ratio.

    /bare/agreements/?kind=&stage=&status=&year=&search=&before=<id>&page_size=
    /bare/agreements/<id>/
    /bare/kerja-sama/?...        (HTML table of the same page)
    /bare/kerja-sama/<id>/       (HTML detail: every section the page shows, one statement)
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
            found = cursor.fetchone()
            if found is None:
                return HttpResponse(status=403)
        request.bare_user_id = found[0]
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
    """What GET /api/agreements/<id>/ returns (the API's detail has no history)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {SELECT} FROM agreements_agreement a WHERE a.id = %s", [pk])
        row = cursor.fetchone()
    if row is None:
        raise Http404
    return _row_dict(row)


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


def _name(alias: str) -> str:
    full = f"trim({alias}.first_name || ' ' || {alias}.last_name)"
    return f"coalesce(nullif({full}, ''), {alias}.username)"


#: Everything the staff detail page shows, in one statement: the agreement, its partners and
#: urusan, every history source, naskah, documents with their signature analysis, the PP Ps. 27
#: conditions, the reader's unread notifications (navbar) and the proposal it came from.
PAGE_SQL = f"""
SELECT {", ".join(f"a.{c}" for c in COLUMNS)}, a.renewal_of_id,
  (SELECT coalesce(json_agg(json_build_object('name', p.name, 'region', r.name)
          ORDER BY p.name, p.id), '[]')
     FROM agreements_agreement_partners ap JOIN agreements_partner p ON p.id = ap.partner_id
     LEFT JOIN agreements_region r ON r.code = p.region_id WHERE ap.agreement_id = a.id),
  (SELECT coalesce(json_agg(json_build_object('code', x.code, 'name', x.name) ORDER BY x.code),
          '[]')
     FROM agreements_agreement_urusan au JOIN agreements_urusan x ON x.code = au.urusan_id
     WHERE au.agreement_id = a.id),
  (SELECT coalesce(json_agg(json_build_object('from', h.from_stage, 'to', h.to_stage,
          'date', h.date, 'note', h.note, 'reason', h.reason, 'skipped', h.skipped,
          'automatic', h.automatic, 'at', h.created_at, 'user', {_name("u")}) ORDER BY h.id), '[]')
     FROM agreements_stagehistory h LEFT JOIN auth_user u ON u.id = h.user_id
     WHERE h.agreement_id = a.id),
  (SELECT coalesce(json_agg(json_build_object('field', f.field, 'old', f.old_value,
          'new', f.new_value, 'at', f.created_at, 'user', {_name("u")}) ORDER BY f.id), '[]')
     FROM agreements_fieldchange f LEFT JOIN auth_user u ON u.id = f.user_id
     WHERE f.agreement_id = a.id),
  (SELECT coalesce(json_agg(json_build_object('decision', d.decision, 'date', d.date,
          'letter', d.letter_number, 'note', d.note, 'superseded', d.superseded,
          'at', d.created_at, 'user', {_name("u")}) ORDER BY d.date, d.id), '[]')
     FROM agreements_dprddecision d LEFT JOIN auth_user u ON u.id = d.user_id
     WHERE d.agreement_id = a.id),
  (SELECT coalesce(json_agg(json_build_object('id', n.id, 'type', n.naskah_type,
          'number', n.number, 'title', n.title, 'signed_on', n.signed_on,
          'valid_from', n.valid_from, 'valid_until', n.valid_until, 'doc_id', n.document_id,
          'doc_title', d.title, 'amends', m.number, 'at', n.created_at, 'user', {_name("u")})
          ORDER BY n.id), '[]')
     FROM agreements_naskah n LEFT JOIN agreements_document d ON d.id = n.document_id
     LEFT JOIN agreements_naskah m ON m.id = n.amends_id
     LEFT JOIN auth_user u ON u.id = n.created_by_id WHERE n.agreement_id = a.id),
  (SELECT coalesce(json_agg(json_build_object('id', d.id, 'type', d.doc_type,
          'title', d.title, 'filename', d.filename, 'size', d.size, 'sha256', d.sha256,
          'at', d.uploaded_at, 'signature', s.signature_status, 'user', {_name("u")})
          ORDER BY d.uploaded_at DESC, d.id DESC), '[]')
     FROM agreements_document d LEFT JOIN arsip_documentanalysis s ON s.document_id = d.id
     LEFT JOIN auth_user u ON u.id = d.uploaded_by_id WHERE d.agreement_id = a.id),
  (SELECT coalesce(json_agg(json_build_object('code', c.code, 'confirmed', c.confirmed,
          'note', c.note, 'user', {_name("u")})), '[]')
     FROM agreements_conditioncheck c LEFT JOIN auth_user u ON u.id = c.user_id
     WHERE c.agreement_id = a.id),
  (SELECT count(*) FROM agreements_notification n WHERE n.user_id = %s AND n.read_at IS NULL),
  (SELECT p.tracking_code FROM proposals_proposal p WHERE p.agreement_id = a.id LIMIT 1)
FROM agreements_agreement a WHERE a.id = %s
"""  # built from constants only
PAGE_LISTS = ("partners_list", "urusan_list", "history", "changes", "decisions", "naskah",
              "documents", "conditions")  # fmt: skip


def _page_data(user_id: int, pk: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(PAGE_SQL, [user_id, pk])
        row = cursor.fetchone()
    if row is None:
        raise Http404
    names = (*COLUMNS, "renewal_of_id", *PAGE_LISTS, "unread", "proposal")
    data = dict(zip(names, row, strict=True))
    for key in PAGE_LISTS:
        if isinstance(data[key], str):
            data[key] = json.loads(data[key])
    return data


def _missing(data: dict, req) -> bool:
    """The page's prerequisite check on the statement's lists (services.requirement_missing)."""
    if req.source == "document":
        ok = any(d["type"] == req.code for d in data["documents"])
    elif req.source == "naskah":
        ok = any(n["type"] == req.code for n in data["naskah"])
    elif req.source == "condition":
        ok = any(c["code"] == req.code and c["confirmed"] for c in data["conditions"])
    elif req.source == "fields":
        ok = all(data.get(f) or (f == "partners" and data["partners_list"]) for f in req.fields)
    else:
        ok = data["dprd_status"] == "disetujui"
    if not ok and req.alternative is not None:
        ok = not _missing(data, req.alternative)
    return not ok


def _input(name: str, label: str, kind: str = "text", value: str = "") -> str:
    return (
        f'<div class="mb-2"><label class="form-label" for="f-{name}">{label}</label>'
        f'<input class="form-control form-control-sm" type="{kind}" id="f-{name}" name="{name}"'
        f' value="{escape(value)}"></div>'
    )


def _select(name: str, label: str, options) -> str:
    opts = "".join(f'<option value="{v}">{escape(str(t))}</option>' for v, t in options)
    return (
        f'<div class="mb-2"><label class="form-label" for="f-{name}">{label}</label>'
        f'<select class="form-select form-select-sm" id="f-{name}" name="{name}">{opts}</select>'
        "</div>"
    )


def _form(action: str, token: str, body: str, button: str) -> str:
    return (
        f'<form method="post" action="{action}"><input type="hidden" name="csrfmiddlewaretoken"'
        f' value="{token}">{body}<button class="btn btn-primary btn-sm" type="submit">{button}'
        "</button></form>"
    )


def _day(value) -> str:
    if not value:
        return "–"
    day = dt.date.fromisoformat(str(value)[:10])
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")  # fmt: skip


def _history_items(d: dict) -> list[tuple[str, str]]:
    events = []
    for h in d["history"]:
        title = f"Tahapan: {stages.label(h['to'])}" if h["from"] else "Kerja sama didaftarkan"
        events.append((h["at"], f"{escape(h['user'] or 'sistem')}: {escape(title)} "
                                f"{escape(h['note'] or '')}"))  # fmt: skip
    for x in d["decisions"]:
        events.append((x["at"], f"Keputusan DPRD: {x['decision']} {_day(x['date'])}"))
    for n in d["naskah"]:
        events.append((n["at"], f"Naskah {escape(n['number'] or '–')} ditambahkan"))
    for doc in d["documents"]:
        events.append((doc["at"], f"Dokumen {escape(doc['title'])} diunggah"))
    for c in d["changes"]:
        events.append((c["at"], f"{escape(c['field'])}: {escape(c['old'][:80])} → "
                                f"{escape(c['new'][:80])}"))  # fmt: skip
    events.sort(key=lambda e: str(e[0]))
    return events


def _steps_html(d: dict, token: str, allowed: list[str]) -> list[str]:
    out = [
        '<section class="card mb-4"><div class="card-body"><h2 class="h5">Langkah berikutnya</h2>'
    ]
    for target in allowed:
        if target in stages.TERMINAL:
            continue
        forward = stages.is_forward(d["kind"], d["stage"], target)
        missing = (
            [r.label for r in stages.prerequisites(d["kind"], d["stage"]) if _missing(d, r)]
            if forward
            else []
        )
        body = (
            f'<input type="hidden" name="to" value="{target}">'
            + _input("date", "Tanggal", "date", dt.date.today().isoformat())
            + _input("note", "Catatan (opsional)")
        )
        out.append(_form(f"/kerja-sama/{d['id']}/tahapan/", token, body,
                         f"Lanjut ke: {escape(stages.label(target))}"))  # fmt: skip
        if missing:
            out.append(f"<p>Prasyarat yang belum ada: {escape('; '.join(missing))}.</p>")
    checklist = stages.checklist(d["kind"], d["stage"])
    out.append("<ul>" + "".join(f"<li>{escape(str(c))}</li>" for c in checklist) + "</ul>")
    out.append("</div></section>")
    return out


def _tables_html(d: dict) -> list[str]:
    out = ['<section><h2>Naskah</h2><table class="table"><tbody>']
    for n in d["naskah"]:
        doc = (f'<a href="/kerja-sama/{d["id"]}/dokumen/{n["doc_id"]}/">{escape(n["doc_title"])}'
               "</a>" if n["doc_id"] else "–")  # fmt: skip
        out.append(
            f"<tr><td>{n['type']}</td><td>{escape(n['number'] or '–')} "
            f"{escape(n['title'] or '')} {escape(n['amends'] or '')}</td>"
            f"<td>{_day(n['signed_on'])}</td><td>{_day(n['valid_from'])} – "
            f"{_day(n['valid_until'])}</td><td>{doc}</td></tr>"
        )
    out.append('</tbody></table></section><section><h2>Dokumen</h2><table class="table">')
    for doc in d["documents"]:
        out.append(
            f"<tr><td>{escape(doc['title'])} {escape(doc['filename'])}"
            f" {doc['signature'] or ''}</td><td>{doc['type']}</td><td>{doc['size']}</td>"
            f'<td>{doc["sha256"][:12]}</td><td>{_day(doc["at"])}</td><td><a href="/kerja-sama/'
            f'{d["id"]}/dokumen/{doc["id"]}/">Unduh</a></td></tr>'
        )
    out.append("</table></section>")
    for x in d["decisions"]:
        out.append(f"<p>DPRD {x['decision']} {_day(x['date'])} {escape(x['letter'] or '')}"
                   f" {escape(x['note'] or '')}</p>")  # fmt: skip
    for c in d["conditions"]:
        out.append(f"<p>{c['code']}: {'ya' if c['confirmed'] else 'belum'} "
                   f"{escape(c['note'] or '')}</p>")  # fmt: skip
    return out


def _forms_html(d: dict, token: str) -> list[str]:
    """The staf forms of the page: DPRD decision, end and cancel; naskah and upload as links
    (the page fetches those two forms when their section opens)."""
    pk = d["id"]
    out = [
        f'<details><summary>Tambah naskah</summary><a href="/kerja-sama/{pk}/naskah/formulir/">'
        "Buka formulir naskah</a></details>",
        f'<details><summary>Unggah dokumen</summary><a href="/kerja-sama/{pk}/dokumen/formulir/">'
        "Buka formulir unggah dokumen</a></details>",
    ]
    if d["dprd_status"] == "menunggu":
        body = (_select("decision", "Keputusan", [("disetujui", "Disetujui")])
                + _input("date", "Tanggal", "date") + _input("letter_number", "Nomor surat")
                + _input("note", "Catatan"))  # fmt: skip
        out.append(_form(f"/kerja-sama/{pk}/dprd/", token, body, "Simpan keputusan"))
    reasons = [(r, r) for r in stages.END_REASONS[d["kind"]]]
    for target, extra in (("selesai", _select("reason", "Alasan", reasons)), ("dibatalkan", "")):
        body = (f'<input type="hidden" name="to" value="{target}">' + extra
                + _input("date", "Tanggal", "date", dt.date.today().isoformat()))  # fmt: skip
        out.append(_form(f"/kerja-sama/{pk}/tahapan/", token, body, target))
    return out


@reader_only
def bare_detail_html(request, pk: int):
    """What /kerja-sama/<id>/ shows a staf member: every section, the forms, the navbar."""
    d = _page_data(request.bare_user_id, pk)
    token = "x" * 64  # the app's page carries a CSRF token; a constant of the same length here
    active = d["status"] == "aktif"
    allowed = _row_dict((*(d[c] for c in COLUMNS), [], []))["allowed_transitions"]
    out = [HEAD.format(title=escape(d["number"])),
           f'<nav class="navbar"><a href="/">Registri</a> <a href="/kerja-sama/">Kerja sama</a>'
           f' <span class="badge">{d["unread"]}</span></nav>',
           f"<p>{escape(d['number'])} · {d['kind']}</p><h1>{escape(d['title'])}</h1>",
           f"<p>{d['status']} · Tahapan: {escape(stages.label(d['stage']))}"
           f"{' · usulan ' + d['proposal'] if d['proposal'] else ''}</p>"]  # fmt: skip
    if active:
        out += _steps_html(d, token, allowed)
    out += _tables_html(d)
    if active:
        out += _forms_html(d, token)
    out.append('<ol class="history">')
    out += [f"<li>{str(at)[:16]} {text}</li>" for at, text in _history_items(d)]
    out.append('</ol><ol class="timeline">')
    seen = {h["to"]: h["date"] for h in d["history"]}
    for stage in stages.SEQUENCE[d["kind"]]:
        out.append(f"<li>{escape(stages.label(stage))} {_day(seen.get(stage))}</li>")
    out.append("</ol><dl>")
    partners = "<br>".join(
        f"{escape(p['name'])} ({escape(p['region'])})" if p["region"] else escape(p["name"])
        for p in d["partners_list"]
    )
    out.append(f"<dt>Mitra</dt><dd>{partners}</dd><dt>Urusan</dt><dd>"
               + "<br>".join(f"{u['code']} {escape(u['name'])}" for u in d["urusan_list"])
               + "</dd>")  # fmt: skip
    for key in ("bidang", "ksdd_form", "value_idr", "financing_source", "initiating_unit",
                "summary", "background", "objective", "targets", "object", "scope"):  # fmt: skip
        out.append(f"<dt>{key}</dt><dd>{escape(str(d[key] if d[key] is not None else '–'))}</dd>")
    for key in ("facilitated_on", "start_date", "end_date", "ended_on"):
        out.append(f"<dt>{key}</dt><dd>{_day(d[key])}</dd>")
    out.append("</dl></main></body></html>")
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
    WHERE f.facilitated_year = %(prev)s),
  (SELECT coalesce(json_agg(j.params -> 'year'), '[]') FROM reports_reportjob j
    WHERE j.report_type = 'monev_annual' AND j.status = 'done')
"""  # every input of Tabel 2.1 in one round trip (summaries of agreements.tallies), the
# finished monev reports included (the app counts them as laporan_monev realisations)


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
        f'"outputs": {parts[2]}, "kpi_prev": {parts[3]}, "monev_report_years": {parts[4]}}}'
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
