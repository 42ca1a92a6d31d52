"""Template helpers for bilingual framework content (Text objects carry their own English and Welsh)."""

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def bi(text):
    """The active language's side of a perthyn.framework.Text (empty for None)."""
    if text is None:
        return ""
    return text.get(get_language() or "en")


@register.filter
def get_code(mapping, key):
    """Look ``key`` up in a dict; code objects give their label, anything else is returned as is."""
    value = mapping.get(key)
    return getattr(value, "label", value)


@register.filter
def source_label(fw, source_id):
    return fw.source(source_id).label
