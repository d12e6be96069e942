"""The upload form of the register import."""

from __future__ import annotations

from django import forms

from kerjasama.forms_util import BootstrapFormMixin

from . import importer


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Berkas register (XLSX atau CSV)",
        help_text="Paling besar 10 MB; kolom sesuai templat impor.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importer.MAX_BYTES:
            raise forms.ValidationError("Berkas terlalu besar (paling besar 10 MB).")
        return upload
