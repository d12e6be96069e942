from django.contrib import admin

from .models import Proposal, ProposalAttachment, ProposalEvent


class AttachmentInline(admin.TabularInline):
    model = ProposalAttachment
    extra = 0
    can_delete = False
    fields = ["filename", "content_type", "size", "sha256", "revision", "document", "uploaded_at"]
    readonly_fields = fields


class EventInline(admin.TabularInline):
    model = ProposalEvent
    extra = 0
    can_delete = False
    fields = ["event", "from_status", "to_status", "note", "user", "created_at"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Read-only here: decisions go through the review page so that every rule applies."""

    list_display = ["tracking_code", "title", "proposer_name", "kind", "status", "submitted_at"]
    list_filter = ["status", "kind", "proposer_type"]
    search_fields = ["tracking_code", "title", "proposer_name"]
    inlines = [AttachmentInline, EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
