from django.contrib import admin

from .models import DocumentAnalysis, DocumentSignature


@admin.register(DocumentAnalysis)
class DocumentAnalysisAdmin(admin.ModelAdmin):
    list_display = ("document", "signature_status", "text_chars", "analysed_at")
    list_filter = ("signature_status",)
    readonly_fields = ("document", "signature_status", "text_chars", "error", "analysed_at")


@admin.register(DocumentSignature)
class DocumentSignatureAdmin(admin.ModelAdmin):
    list_display = ("document", "signer_name", "signing_time", "intact", "trust_status")
    list_filter = ("trust_status", "intact")
    readonly_fields = (
        "document", "field_name", "signer_name", "signing_time", "intact", "coverage",
        "trust_status", "summary", "checked_at",
    )  # fmt: skip
