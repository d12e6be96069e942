"""Every URL (HTML and API) x role: the expected outcome, from one table.

A URL pattern without an entry in MATRIX fails `test_every_url_has_an_entry`, so a new page or
endpoint cannot ship without deciding who may use it.

Outcomes: "ok" (the role may use it: 2xx, 3xx not to the login page, or a 400/409 validation
answer to our empty POST), "login" (HTML redirect to the login page), "401", "403", "404".
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from agreements import services
from tests.factories import UserFactory, confirm_ps27, make_agreement, partner_for

ROLES = ("anon", "staf", "sekda", "dprd", "superuser")
A, S, K, D, U = ROLES  # short names for the table


def allowed(*who, anon="login", others="403", method="GET"):
    """Outcome per role: `who` may use it; anonymous gets `anon`; everybody else `others`."""
    return method, {
        role: ("ok" if role in who else (anon if role == "anon" else others)) for role in ROLES
    }


READERS = (S, K, U)
STAFF = (S, U)
LOGGED_IN = (S, K, D, U)
EVERYONE = ROLES

MATRIX: dict[str, tuple[str, dict[str, str]]] = {
    # Pages
    "": allowed(*LOGGED_IN),
    "monev/": allowed(*READERS),
    "monev/renja/<int:year>/": allowed(*READERS),
    "monev/target/": allowed(*READERS),
    "monev/evaluasi/": allowed(*READERS),
    "monev/kesimpulan/": allowed(*READERS),
    "kerja-sama/<int:pk>/evaluasi/baru/": allowed(*STAFF),
    "mitra/": allowed(*READERS),
    "mitra/baru/": allowed(*STAFF),
    "mitra/<int:pk>/ubah/": allowed(*STAFF),
    "kerja-sama/": allowed(*LOGGED_IN),
    "kerja-sama/ekspor.csv": allowed(*LOGGED_IN),
    "kerja-sama/ekspor.xlsx": allowed(*LOGGED_IN),
    "kerja-sama/baru/": allowed(*STAFF),
    "kerja-sama/<int:pk>/": allowed(*LOGGED_IN),
    "kerja-sama/<int:pk>/ubah/": allowed(*STAFF),
    "kerja-sama/<int:pk>/tahapan/": allowed(*STAFF, method="POST"),
    "kerja-sama/<int:pk>/dprd/": allowed(*STAFF, method="POST"),
    "kerja-sama/<int:pk>/syarat/": allowed(*STAFF, method="POST"),
    "kerja-sama/<int:pk>/naskah/": allowed(*STAFF, method="POST"),
    "kerja-sama/<int:pk>/dokumen/": allowed(*STAFF, method="POST"),
    "kerja-sama/<int:pk>/naskah/formulir/": allowed(*STAFF),
    "kerja-sama/<int:pk>/dokumen/formulir/": allowed(*STAFF),
    "kerja-sama/<int:agreement_id>/dokumen/<int:document_id>/unduh/": allowed(*LOGGED_IN),
    "kerja-sama/<int:pk>/lanjutkan/": allowed(*STAFF, method="POST"),
    "cari/": allowed(*READERS),
    "laporan/pengawasan/": allowed(*READERS),
    "laporan/pengawasan/<int:year>/": allowed(*READERS),
    "laporan/pengawasan/<int:year>.xlsx": allowed(*READERS),
    "laporan/": allowed(*LOGGED_IN),  # DPRD is redirected to /dprd/
    "laporan/status/": allowed(*READERS),
    "laporan/monev/": allowed(*READERS, method="POST"),
    "laporan/pengawas/": allowed(*READERS, method="POST"),
    "laporan/lembar/<int:agreement_id>/": allowed(*READERS, method="POST"),
    "laporan/<int:job_id>/unduh/": allowed(*READERS, others="404"),  # not their job
    "dprd/": allowed(*LOGGED_IN),
    "dprd/<int:agreement_id>/berkas/": allowed(*LOGGED_IN, method="POST"),
    "impor/": allowed(*STAFF),
    "impor/templat.xlsx": allowed(*STAFF),
    "impor/jalankan/": allowed(*STAFF, method="POST"),
    "impor/batal/": allowed(*STAFF, method="POST"),
    "notifikasi/": allowed(*LOGGED_IN),
    "notifikasi/dibaca/": allowed(*LOGGED_IN, method="POST"),
    "notifikasi/<int:pk>/dibaca/": allowed(S, others="404", method="POST"),  # own only
    "publik/": allowed(*EVERYONE),
    "publik/data.json": allowed(*EVERYONE),
    "publik/data.csv": allowed(*EVERYONE),
    "accounts/login/": allowed(*EVERYONE),
    "accounts/logout/": ("POST", dict.fromkeys(ROLES, "login")),  # back to the login page
    "accounts/password_change/": allowed(*LOGGED_IN),
    "accounts/password_change/done/": allowed(*LOGGED_IN),
    "healthz/": allowed(*EVERYONE),
    # API
    "api/auth/token/": allowed(*EVERYONE, method="POST"),
    "api/schema/": allowed(*EVERYONE),
    "api/docs/": allowed(*EVERYONE),
    "api/regions/": allowed(*READERS, anon="401"),
    "api/urusan/": allowed(*READERS, anon="401"),
    "api/partners/": allowed(*READERS, anon="401"),
    "api/partners/<int:pk>/": allowed(*READERS, anon="401"),
    "api/agreements/": allowed(*LOGGED_IN, anon="401"),
    "api/agreements/<int:pk>/": allowed(*LOGGED_IN, anon="401"),
    "api/agreements/<int:pk>/transitions/": allowed(*STAFF, anon="401", method="POST"),
    "api/agreements/<int:pk>/dprd-decision/": allowed(*STAFF, anon="401", method="POST"),
    "api/agreements/<int:pk>/history/": allowed(*LOGGED_IN, anon="401"),
    "api/agreements/<int:pk>/conditions/": allowed(*LOGGED_IN, anon="401"),
    "api/agreements/<int:pk>/naskah/": allowed(*LOGGED_IN, anon="401"),
    "api/agreements/<int:pk>/documents/": allowed(*LOGGED_IN, anon="401"),
    "api/monitoring/kpi/": allowed(*READERS, anon="401"),
    "api/monitoring/renja/": allowed(*READERS, anon="401"),
    "api/monitoring/targets/": allowed(*READERS, anon="401"),
    "api/monitoring/realisations/": allowed(*READERS, anon="401"),
    "api/monitoring/evaluations/": allowed(*READERS, anon="401"),
    "api/reports/": allowed(*LOGGED_IN, anon="401"),
    "api/reports/<int:pk>/": allowed(*READERS, anon="401", others="404"),
    # Proposals from outside: public intake and tracking, staff queue and review
    "usulan/": allowed(*EVERYONE),
    "usulan/terkirim/": allowed(*EVERYONE),  # back to /usulan/ without a fresh submission
    "usulan/lacak/": allowed(*EVERYONE),
    "usulan/lacak/perbaikan/": allowed(*EVERYONE, method="POST"),
    "usulan-masuk/": allowed(*READERS),
    "usulan-masuk/<int:pk>/": allowed(*READERS),
    "usulan-masuk/<int:pk>/kaji/": allowed(*STAFF, method="POST"),
    "usulan-masuk/<int:pk>/keputusan/": allowed(*STAFF, method="POST"),
    "usulan-masuk/<int:pk>/lampiran/<int:attachment_id>/unduh/": allowed(*READERS),
    "api/public/proposals/": allowed(*EVERYONE, method="POST"),
    "api/public/proposals/<str:tracking_code>/": allowed(*EVERYONE),
    "api/proposals/": allowed(*READERS, anon="401"),
    "api/proposals/<int:pk>/": allowed(*READERS, anon="401"),
    "api/proposals/<int:pk>/review/": allowed(*STAFF, anon="401", method="POST"),
}

#: Write endpoints checked in addition to their GET entry above.
WRITES: dict[str, tuple[str, dict[str, str]]] = {
    "api/partners/": allowed(*STAFF, anon="401", method="POST"),
    "api/partners/<int:pk>/": allowed(*STAFF, anon="401", method="PATCH"),
    "api/agreements/": allowed(*STAFF, anon="401", method="POST"),
    "api/agreements/<int:pk>/": allowed(*STAFF, anon="401", method="PATCH"),
    "api/agreements/<int:pk>/naskah/": allowed(*STAFF, anon="401", method="POST"),
    "api/agreements/<int:pk>/documents/": allowed(*STAFF, anon="401", method="POST"),
    "api/monitoring/targets/": allowed(*STAFF, anon="401", method="POST"),
    "api/monitoring/realisations/": allowed(*STAFF, anon="401", method="POST"),
    "api/monitoring/evaluations/": allowed(*STAFF, anon="401", method="POST"),
    "mitra/baru/": allowed(*STAFF, method="POST"),
    "usulan/": allowed(*EVERYONE, method="POST"),
    "usulan/lacak/": allowed(*EVERYONE, method="POST"),
    "kerja-sama/baru/": allowed(*STAFF, method="POST"),
    "kerja-sama/<int:pk>/ubah/": allowed(*STAFF, method="POST"),
}


def url_patterns() -> list[str]:
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    return [
        route
        for route in walk(get_resolver().url_patterns)
        if not route.startswith(("admin/", "static/", "media"))
    ]


def test_every_url_has_an_entry():
    missing = [route for route in url_patterns() if route not in MATRIX]
    assert missing == [], f"URL tanpa entri di MATRIX otorisasi: {missing}"
    stale = [route for route in MATRIX if route not in url_patterns()]
    assert stale == [], f"Entri MATRIX tanpa URL: {stale}"


@pytest.fixture
def world(db, tmp_path, settings):
    """One DPRD-visible agreement with a document, a partner, a report job, a notification."""
    settings.MEDIA_ROOT = str(tmp_path)
    users = {
        S: UserFactory(username="m.staf", role="staf_kerja_sama"),
        K: UserFactory(username="m.sekda", role="sekda"),
        D: UserFactory(username="m.dprd", role="dprd"),
        U: UserFactory(username="m.admin", is_superuser=True, is_staff=True),
    }
    agreement = make_agreement(kind="KSDPL", user=users[S], title="Kota kembar Arnhem")
    document = services.document_upload(
        agreement_id=agreement.pk,
        uploaded_file=SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n%%EOF\n"),
        doc_type="surat_menteri",
        title="Surat Menteri",
        user=users[S],
    )
    from django.core.files.base import ContentFile

    from notifications.models import Notification
    from reports.models import ReportJob

    # Walk it to persetujuan_dprd so that DPRD may request its packet.
    services.document_upload(
        agreement_id=agreement.pk,
        uploaded_file=SimpleUploadedFile("loi.pdf", b"%PDF-1.4\nLoI\n%%EOF\n"),
        doc_type="pernyataan_kehendak",
        title="LoI",
        user=users[S],
    )
    services.naskah_create(
        agreement_id=agreement.pk,
        naskah_type="rencana_kerja_sama",
        signed_on=dt.date(2026, 3, 1),
        user=users[S],
    )
    confirm_ps27(agreement, users[S])
    for stage in ("penjajakan", "konsultasi_pusat", "pernyataan_kehendak", "penyusunan_rencana",
                  "persetujuan_dprd"):  # fmt: skip
        services.agreement_transition(
            agreement_id=agreement.pk, to=stage, date=dt.date(2026, 3, 2), user=users[S]
        )
    job = ReportJob.objects.create(
        key="matrix", report_type="monev_annual", params={"year": 2026}, status="done"
    )
    job.file.save("matrix.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    notification = Notification.objects.create(user=users[S], key="matrix", message="uji")
    partner = partner_for("KSDD")
    from proposals.services import proposal_submit

    proposal = proposal_submit(
        data={
            "proposer_name": "Universitas Matriks",
            "proposer_type": "pihak_ketiga",
            "third_party_type": "lainnya",
            "contact_name": "Narahubung",
            "contact_email": "n@example.org",
            "kind": "KSDPK",
            "title": "Usulan matriks",
            "object": "o",
            "scope": "s",
            "benefits": "b",
            "financing": "f",
        },
        files=[SimpleUploadedFile("usulan.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    ids = {
        "pk": agreement.pk,
        "agreement_id": agreement.pk,
        "document_id": document.pk,
        "job_id": job.pk,
        "year": 2026,
    }
    special = {
        "mitra/<int:pk>/ubah/": {"pk": partner.pk},
        "api/partners/<int:pk>/": {"pk": partner.pk},
        "notifikasi/<int:pk>/dibaca/": {"pk": notification.pk},
        "api/reports/<int:pk>/": {"pk": job.pk},
        "usulan-masuk/<int:pk>/": {"pk": proposal.pk},
        "usulan-masuk/<int:pk>/kaji/": {"pk": proposal.pk},
        "usulan-masuk/<int:pk>/keputusan/": {"pk": proposal.pk},
        "usulan-masuk/<int:pk>/lampiran/<int:attachment_id>/unduh/": {
            "pk": proposal.pk,
            "attachment_id": proposal.attachments.get().pk,
        },
        "api/public/proposals/<str:tracking_code>/": {"tracking_code": proposal.tracking_code},
        "api/proposals/<int:pk>/": {"pk": proposal.pk},
        "api/proposals/<int:pk>/review/": {"pk": proposal.pk},
    }
    return users, ids, special


def build_path(route: str, ids: dict, special: dict) -> str:
    values = {**ids, **special.get(route, {})}
    path = route
    for key, value in values.items():
        path = path.replace(f"<int:{key}>", str(value)).replace(f"<str:{key}>", str(value))
    assert "<" not in path, path
    return "/" + path


def outcome(response) -> str:
    code = response.status_code
    if code in (301, 302) and "/accounts/login/" in response.get("Location", ""):
        return "login"
    if code in (401, 403, 404):
        return str(code)
    if code < 500:
        return "ok"
    return f"server error {code}"


CASES = [(route, *entry) for route, entry in MATRIX.items()] + [
    (route, *entry) for route, entry in WRITES.items()
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("route", "method", "expected"), CASES, ids=[f"{c[1]} /{c[0]}" for c in CASES]
)
def test_authorization_matrix(client, world, route, method, expected, role):
    users, ids, special = world
    if role != "anon":
        client.force_login(users[role], backend="kerjasama.auth.RoleModelBackend")
    path = build_path(route, ids, special)
    kwargs = {"content_type": "application/json", "data": "{}"} if method in ("PATCH",) else {}
    if method == "POST" and route.startswith("api/"):
        kwargs = {"content_type": "application/json", "data": "{}"}
    response = getattr(client, method.lower())(path, **kwargs)
    assert outcome(response) == expected[role], (
        f"{method} {path} as {role}: {response.status_code} {response.get('Location', '')}"
    )
