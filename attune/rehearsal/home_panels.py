"""The home page's practice panel: carry on a conversation in progress, or start one."""

from attune.core import home
from attune.rehearsal.models import Conversation, Status


def _practice(request):
    active = list(Conversation.objects.of(request.user).filter(status=Status.ACTIVE)[:3])
    return {"active_conversations": active}


def register_panels() -> None:
    home.register("practice", template="rehearsal/panels/practice.html", context=_practice, order=40)
