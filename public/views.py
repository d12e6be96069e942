"""Public register and open data (no login): /publik/, /publik/data.json, /publik/data.csv.

Only non-confidential agreements with a signed KB or PKS, and only the fields of API.md: never
contact data, addresses, values or documents. The three outputs share one selector and one filter
form, so the page, the JSON and the CSV always list the same agreements.
"""

from __future__ import annotations

import csv

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agreements.choices import Bidang, Kind, Stage, Status
from agreements.models import Naskah, Urusan
from agreements.selectors import public_agreement_list
from kerjasama.forms_util import BootstrapFormMixin

#: The open-data fields, in output order, with their meaning (the "Kamus data" of /publik/).
DATA_DICTIONARY: tuple[tuple[str, str, str], ...] = (
    ("number", "teks", "Nomor registri kerja sama (KS/TAHUN/NNNN), unik."),
    ("title", "teks", "Judul kerja sama."),
    ("kind", "kode", "Jenis: KSDD (antar daerah), KSDPK (pihak ketiga), KSDPL (pemerintah daerah "
     "luar negeri), KSDLL (lembaga luar negeri)."),
    ("partners", "daftar teks", "Nama mitra kerja sama (CSV: dipisahkan “; ”)."),
    ("urusan", "daftar kode", "Kode urusan pemerintahan UU 23/2014 Ps. 12, mis. 1.01 "
     "(CSV: dipisahkan “; ”)."),
    ("bidang", "kode", "Bidang: pemerintahan, ekonomi, pembangunan, lingkungan, pariwisata, "
     "sosial_budaya; kosong bila belum diisi."),
    ("stage", "kode", "Tahapan saat ini menurut PP 28/2018 (mis. pelaksanaan)."),
    ("status", "kode", "Status: aktif, selesai, dibatalkan."),
    ("kb_signed_on", "daftar tanggal", "Tanggal penandatanganan kesepakatan bersama (KB), "
     "format YYYY-MM-DD (CSV: dipisahkan “; ”)."),
    ("pks_signed_on", "daftar tanggal", "Tanggal penandatanganan perjanjian kerja sama (PKS) atau "
     "naskah kerja sama, format YYYY-MM-DD (CSV: dipisahkan “; ”)."),
    ("start_date", "tanggal", "Tanggal mulai berlaku (YYYY-MM-DD), kosong bila tidak tercatat."),
    ("end_date", "tanggal", "Tanggal berakhir yang direncanakan (YYYY-MM-DD), kosong bila tidak "
     "tercatat."),
    ("ended_on", "tanggal", "Tanggal kerja sama benar-benar berakhir atau dibatalkan (YYYY-MM-DD); "
     "kosong selama masih aktif."),
    ("end_reason", "kode", "Alasan berakhir (PP 28/2018 Ps. 9), mis. berakhir_jangka_waktu, "
     "tujuan_tercapai; kosong bila belum berakhir atau dibatalkan."),
)  # fmt: skip
FIELDS = tuple(name for name, _, _ in DATA_DICTIONARY)
PAGE_SIZE = 25


class PublicFilterForm(BootstrapFormMixin, forms.Form):
    search = forms.CharField(label="Cari judul, nomor, atau mitra", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Jenis kerja sama", required=False, choices=[("", "Semua jenis"), *Kind.choices]
    )
    year = forms.IntegerField(
        label="Tahun penandatanganan", required=False, min_value=1945, max_value=2200
    )
    urusan = forms.ModelChoiceField(
        label="Urusan",
        required=False,
        queryset=Urusan.objects.order_by("code"),
        to_field_name="code",
        empty_label="Semua urusan",
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua status"), *Status.choices]
    )

    def filters(self) -> dict:
        """The valid filters (an invalid one is shown next to its field and ignored)."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        if "urusan" in data:
            data["urusan"] = data["urusan"].code
        return data


def public_row(agreement) -> dict:
    naskah = sorted(agreement.signed_naskah, key=lambda n: (n.signed_on, n.pk))
    return {
        "number": agreement.number,
        "title": agreement.title,
        "kind": agreement.kind,
        "partners": [p.name for p in agreement.partners.all()],
        "urusan": [u.code for u in agreement.urusan.all()],
        "bidang": agreement.bidang,
        "stage": agreement.stage,
        "status": agreement.status,
        "kb_signed_on": [n.signed_on.isoformat() for n in naskah if n.naskah_type == "kb"],
        "pks_signed_on": [n.signed_on.isoformat() for n in naskah if n.naskah_type == "pks"],
        "start_date": agreement.start_date.isoformat() if agreement.start_date else None,
        "end_date": agreement.end_date.isoformat() if agreement.end_date else None,
        "ended_on": agreement.ended_on.isoformat() if agreement.ended_on else None,
        "end_reason": agreement.end_reason,
    }


def _form_and_filters(request) -> tuple[PublicFilterForm, dict]:
    form = PublicFilterForm(request.GET or None)
    return form, (form.filters() if form.is_bound else {})


def _filter_error(form: PublicFilterForm) -> JsonResponse:
    return JsonResponse(
        {
            "detail": "Parameter penyaring tidak valid.",
            "code": "invalid",
            **{name: list(errors) for name, errors in form.errors.items()},
        },
        status=400,
    )


@require_GET
def register(request):
    form, filters = _form_and_filters(request)
    qs = public_agreement_list(filters).order_by("-number")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("halaman"))
    rows = [(agreement, public_row(agreement)) for agreement in page.object_list]
    years = Naskah.objects.filter(
        naskah_type__in=["kb", "pks"], agreement__confidential=False
    ).dates("signed_on", "year", order="DESC")
    return render(
        request,
        "public/register.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "years": [d.year for d in years],
            "filtered": bool(filters),
            "dictionary": DATA_DICTIONARY,
            "query": request.GET.urlencode(),
            "kind_labels": dict(Kind.choices),
            "stage_labels": dict(Stage.choices),
            "status_labels": dict(Status.choices),
            "bidang_labels": dict(Bidang.choices),
        },
    )


@require_GET
def data_json(request):
    form, filters = _form_and_filters(request)
    if form.is_bound and not form.is_valid():
        return _filter_error(form)
    qs = public_agreement_list(filters).order_by("number")
    response = JsonResponse(
        {"results": [public_row(a) for a in qs]}, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _csv_safe(value: str) -> str:
    """Keep spreadsheets from running a title as a formula (CSV injection)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


@require_GET
def data_csv(request):
    form, filters = _form_and_filters(request)
    if form.is_bound and not form.is_valid():
        return _filter_error(form)
    qs = public_agreement_list(filters).order_by("number")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="register-kerja-sama.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    response.write("\ufeff")  # byte order mark: Excel then reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(FIELDS)
    for agreement in qs:
        row = public_row(agreement)
        writer.writerow(
            [
                "; ".join(_csv_safe(v) for v in value)
                if isinstance(value, list)
                else _csv_safe(value or "")
                for value in (row[name] for name in FIELDS)
            ]
        )
    return response
