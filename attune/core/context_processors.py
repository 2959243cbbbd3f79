from attune.core import navigation


def shell(request):
    """What the base layout needs on every page: the navigation, for people who are signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": navigation.items_for(request)}
