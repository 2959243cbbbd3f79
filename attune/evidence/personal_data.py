"""A person's programme answers, in "download my data"; on deletion the answers stay, unnamed, in the
programme's aggregate results (the participant row loses its person)."""

from attune.accounts import personal_data
from attune.evidence.models import MeasureResponse, Participant


def _export(user) -> dict:
    responses = MeasureResponse.objects.filter(participant__person=user).select_related(
        "participant__programme", "measure"
    )
    return {
        "programmes": sorted({p.programme.title for p in Participant.objects.filter(person=user)}),
        "answers": [
            {"programme": r.participant.programme.title, "measure": r.measure.instrument_id,
             "occasion": r.get_occasion_display(), "answered_on": r.answered_on.isoformat(), "answers": r.answers}
            for r in responses
        ],
    }  # fmt: skip


def _erase(user) -> None:
    Participant.objects.filter(person=user).update(person=None)


def register_sections() -> None:
    personal_data.register("evidence", export=_export, erase=_erase)
