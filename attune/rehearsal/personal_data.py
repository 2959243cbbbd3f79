"""A learner's practice conversations and notes in "download my data", and their erasure."""

from attune.accounts import personal_data
from attune.rehearsal.models import Conversation, TurnComment


def _export(user) -> dict:
    conversations = []
    for conversation in Conversation.objects.filter(learner=user).prefetch_related("turns"):
        conversations.append(
            {
                "scenario": conversation.scenario_title,
                "level": conversation.level,
                "started_at": conversation.started_at.isoformat(),
                "status": conversation.status,
                "outcome": conversation.outcome,
                "turns": [
                    {
                        "number": turn.number,
                        "you_said": turn.learner_text,
                        "coded_as": (turn.coding or {}).get("act"),
                        "flags": [f["flag"] for f in (turn.coding or {}).get("flags", [])],
                        "they_said": turn.reply_text,
                    }
                    for turn in conversation.turns.all()
                ],
            }
        )
    return {
        "conversations": conversations,
        "comments_written": [
            {"text": comment.text, "created_at": comment.created_at.isoformat()}
            for comment in TurnComment.objects.filter(author=user)
        ],
    }


def _erase(user) -> None:
    # Transcripts are the learner's alone: they go with the account. Comments a facilitator
    # wrote on someone else's shared transcript belong to that transcript and stay, unsigned.
    Conversation.objects.filter(learner=user).delete()


def register_sections() -> None:
    personal_data.register("practice", export=_export, erase=_erase)
