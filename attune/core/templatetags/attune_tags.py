from django import template

register = template.Library()


@register.filter
def dictkey(mapping, key):
    """mapping[key] in a template, or None: {{ cells|dictkey:subscale.id }}."""
    return mapping.get(key) if mapping else None
