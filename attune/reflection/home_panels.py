from attune.core import home
from attune.reflection.models import JournalEntry


def _shared_with_me(request):
    count = JournalEntry.objects.filter(shares__supervisor=request.user, shares__withdrawn_at=None).distinct().count()
    return {"count": count} if count else None


def register_panels() -> None:
    home.register("shared_reflections", template="reflection/panels/shared.html", context=_shared_with_me, order=60)
