"""Panels other apps' pages include without knowing proposals (home, Sekda dashboard, agreement)."""

from django import template

from kerjasama import roles

from .. import selectors

register = template.Library()


@register.inclusion_tag("proposals/_home_panel.html", takes_context=True)
def proposals_home_panel(context):
    user = context["request"].user
    if not roles.is_reader(user):
        return {"show": False}
    return {"show": True, "counts": selectors.proposal_status_counts()}


@register.inclusion_tag("proposals/_dashboard_panel.html")
def proposals_dashboard_panel():
    return {"rows": selectors.proposal_figures_by_year()}


@register.inclusion_tag("proposals/_agreement_origin.html", takes_context=True)
def proposals_agreement_origin(context, agreement):
    known = getattr(context["request"], "page_values", {})
    proposal = selectors.proposal_for_agreement(agreement.pk, known.get("origin_proposal_id", ...))
    return {"proposal": proposal, "is_reader": roles.is_reader(context["request"].user)}
