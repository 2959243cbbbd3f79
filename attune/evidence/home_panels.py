from attune.core import home
from attune.evidence.services import due_for


def _questions(request):
    due = due_for(request.user)
    return {"due": due} if due else None


def register_panels() -> None:
    home.register("evidence", template="evidence/panels/questions.html", context=_questions, order=5)
