"""Forms of the monitoring pages: they translate input; rules live in services.py."""

from __future__ import annotations

from django import forms

from agreements.models import Document
from kerjasama.forms_util import BootstrapFormMixin, IdMultipleChoiceField

from .models import ASPECTS, CRITERIA, CRITERIA_LABELS, Indicator, TargetPeriod

SCORE_CHOICES = [
    ("", "— pilih nilai —"),
    (1, "1 – sangat kurang"),
    (2, "2 – kurang"),
    (3, "3 – cukup"),
    (4, "4 – baik"),
    (5, "5 – sangat baik"),
]

CRITERIA_HELP = {
    "relevansi": "Menjawab kebutuhan nyata para pihak dan selaras dengan rencana daerah/nasional?",
    "efektivitas": "Seberapa jauh keluaran dan tujuan yang disepakati tercapai?",
    "efisiensi": "Apakah hasil sepadan dengan dana, waktu dan tenaga yang dipakai?",
    "dampak": "Perubahan apa yang bertahan (layanan, ekonomi, kesejahteraan)?",
    "keberlanjutan": "Apakah manfaat dan pengaturannya bertahan melewati jangka waktu?",
}


class TargetForm(BootstrapFormMixin, forms.Form):
    indicator = forms.ChoiceField(label="Indikator", choices=Indicator.choices)
    year = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)
    period = forms.ChoiceField(
        label="Jenis target", choices=TargetPeriod.choices, initial=TargetPeriod.TAHUNAN
    )
    target = forms.DecimalField(
        label="Target",
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text="IKU dalam persen (mis. 80); keluaran dalam jumlah KS/PKS atau laporan.",
    )
    budget_idr = forms.IntegerField(
        label="Pagu anggaran (Rp)",
        min_value=0,
        max_value=10**15,
        required=False,
        help_text="Bilangan bulat Rupiah tanpa titik, mis. 405282000.",
    )
    realisation_idr = forms.IntegerField(
        label="Realisasi anggaran (Rp)",
        min_value=0,
        max_value=10**15,
        required=False,
        help_text="Anggaran yang terserap tahun ini; penyerapan = realisasi ÷ pagu.",
    )
    note = forms.CharField(label="Catatan / sumber", required=False, max_length=2000)
    replace = forms.BooleanField(
        label="Ganti target yang sudah ada untuk indikator, tahun dan jenis ini",
        required=False,
    )


class ConclusionForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="Tahun laporan", min_value=2000, max_value=2100)
    text = forms.CharField(
        label="Kesimpulan umum",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Dicetak sebagai bagian Kesimpulan pada laporan monev tahunan; isi ulang untuk "
        "mengganti kesimpulan tahun yang sama.",
    )


class YearForm(forms.Form):
    tahun = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)


class EvaluationForm(BootstrapFormMixin, forms.Form):
    evaluated_on = forms.DateField(
        label="Tanggal evaluasi", widget=forms.DateInput(attrs={"type": "date"})
    )
    period_year = forms.IntegerField(label="Tahun yang dievaluasi", min_value=2000, max_value=2100)
    obstacles = forms.CharField(
        label="Hambatan", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_ups = forms.CharField(
        label="Tindak lanjut", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = IdMultipleChoiceField(
        label="Dokumen bukti",
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Dokumen yang telah diunggah pada kerja sama ini.",
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        for code in CRITERIA:
            self.fields[code] = forms.TypedChoiceField(
                label=CRITERIA_LABELS[code],
                choices=SCORE_CHOICES,
                coerce=int,
                help_text=CRITERIA_HELP[code],
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"{code}_note"] = forms.CharField(
                label=f"Catatan {CRITERIA_LABELS[code].lower()}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
        for code, label in ASPECTS.items():
            self.fields[f"aspect_{code}"] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
        self.fields["evidence"].queryset = Document.objects.filter(agreement=agreement)
        self.fields["evidence"].widget.attrs["class"] = "form-check-input"

    def criterion_fields(self):
        return [(self[code], self[f"{code}_note"]) for code in CRITERIA]

    def aspect_fields(self):
        return [self[f"aspect_{code}"] for code in ASPECTS]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "evaluated_on": data["evaluated_on"],
            "period_year": data["period_year"],
            "obstacles": data["obstacles"],
            "follow_ups": data["follow_ups"],
            "evidence": [d.pk for d in data["evidence"]],
            "aspects": {
                code: data[f"aspect_{code}"] for code in ASPECTS if data.get(f"aspect_{code}")
            },
            **{code: data[code] for code in CRITERIA},
            **{f"{code}_note": data[f"{code}_note"] for code in CRITERIA},
        }
