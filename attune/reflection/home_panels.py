from attune.core import home
from attune.reflection.access import shared_with


def _shared_with_me(request):
    count = shared_with(request.user).count()
    return {"count": count} if count else None


def register_panels() -> None:
    home.register("shared_reflections", template="reflection/panels/shared.html", context=_shared_with_me, order=60)
