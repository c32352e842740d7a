from django import template

from registry.admin.review_queue import dashboard

register = template.Library()


@register.inclusion_tag("admin/registry/dashboard_panel.html", takes_context=True)
def agency_dashboard(context):
    request = context["request"]
    return {"request": request, **dashboard(request.user)}
