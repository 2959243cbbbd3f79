"""Practice pages: catalogue, brief, conversation, debrief, history, sharing and cohort views."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from attune.audit.models import AuditAction
from attune.audit.services import audit_record
from attune.rehearsal import access, selectors, services
from attune.rehearsal.engine.feedback import ACT_LABELS
from attune.rehearsal.engine.scenario import FRAMEWORKS, LEVELS, SETTINGS, SKILLS
from attune.rehearsal.forms import CatalogueFilterForm, CommentForm, ShareForm, StartForm, TurnForm
from attune.rehearsal.library import entries_for, get_entry_or_404, scenario_for_source
from attune.rehearsal.models import Status


def _labels():
    return {"settings": SETTINGS, "skills": SKILLS, "levels": LEVELS, "frameworks": FRAMEWORKS}


def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    entries = entries_for(request.user)
    if form.is_valid():
        data = form.cleaned_data
        entries = [
            e
            for e in entries
            if (not data["setting"] or e.scenario.setting == data["setting"])
            and (not data["skill"] or data["skill"] in e.scenario.skills)
            and (not data["difficulty"] or e.scenario.difficulty == data["difficulty"])
        ]
    context = {
        "form": form,
        "entries": entries,
        "can_author": access.authoring_organisations(request.user).exists(),
        "can_oversee": access.overseen_organisations(request.user).exists(),
        **_labels(),
    }
    return render(request, "rehearsal/catalogue.html", context)


def brief(request, key):
    entry = get_entry_or_404(request.user, key)
    form = StartForm(request.POST or None, initial={"level": entry.scenario.difficulty, "coaching": True})
    if request.method == "POST" and form.is_valid():
        conversation = services.conversation_start(
            learner=request.user,
            entry=entry,
            level=form.cleaned_data["level"],
            coaching=form.cleaned_data["coaching"],
        )
        return redirect("rehearsal:conversation", conversation.pk)
    return render(
        request, "rehearsal/brief.html", {"entry": entry, "scenario": entry.scenario, "form": form, **_labels()}
    )


def _conversation_context(conversation, form=None):
    # The transcript needs only the words; the last turn's coding is fetched alone for coaching.
    turns = list(conversation.turns.only("number", "learner_text", "reply_text"))
    last = turns[-1] if turns else None
    coaching = None
    if conversation.coaching and last and last.learner_text:
        coaching = conversation.turns.values_list("coding", flat=True).get(pk=last.pk)
    form = form or TurnForm(initial={"expected": conversation.turn_count + 1})
    if conversation.turn_count:
        # Once the learner is under way, each new exchange puts them straight back in the box.
        form.fields["text"].widget.attrs["autofocus"] = True
    return {
        "conversation": conversation,
        "scenario": scenario_for_source(conversation.source),
        "turns": turns,
        "coaching": coaching,
        "form": form,
        "latest": last,
    }


def conversation(request, conversation_id):
    conversation = access.get_own_conversation_or_404(request.user, conversation_id)
    if conversation.status == Status.ENDED:
        return redirect("rehearsal:debrief", conversation.pk)
    return render(request, "rehearsal/conversation.html", _conversation_context(conversation))


@require_POST
@ratelimit(key="user", rate=lambda group, request: settings.ATTUNE_PRACTICE_RATE, block=False)
def turn(request, conversation_id):
    conversation = access.get_own_conversation_or_404(request.user, conversation_id)
    if conversation.status == Status.ENDED:
        return _redirect_or_htmx(request, reverse("rehearsal:debrief", args=[conversation.pk]))
    form = TurnForm(request.POST)
    if getattr(request, "limited", False):
        form.is_valid()
        form.add_error(None, "That was faster than anyone types, so it was not sent. Wait a few seconds and send "
                             "it again: what you wrote is still here.")  # fmt: skip
        return render(request, "rehearsal/conversation.html", _conversation_context(conversation, form), status=429)
    if form.is_valid():
        try:
            services.conversation_take_turn(
                conversation=conversation, text=form.cleaned_data["text"], expected_number=form.cleaned_data["expected"]
            )
        except services.TurnConflict as conflict:
            messages.info(request, str(conflict))
            return _redirect_or_htmx(request, reverse("rehearsal:conversation", args=[conversation.pk]))
        except services.TurnRefused as refused:
            form.add_error("text", str(refused))
        else:
            if conversation.status == Status.ENDED:
                return _redirect_or_htmx(request, reverse("rehearsal:debrief", args=[conversation.pk]))
            if request.headers.get("HX-Request"):
                return render(request, "rehearsal/_conversation.html", _conversation_context(conversation))
            return redirect("rehearsal:conversation", conversation.pk)
    context = _conversation_context(conversation, form)
    return render(
        request, "rehearsal/conversation.html", context, status=200 if request.headers.get("HX-Request") else 400
    )


def _redirect_or_htmx(request, url):
    if request.headers.get("HX-Request"):
        response = render(request, "rehearsal/_empty.html")
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@require_POST
def end(request, conversation_id):
    conversation = access.get_own_conversation_or_404(request.user, conversation_id)
    services.conversation_end(conversation=conversation)
    return redirect("rehearsal:debrief", conversation.pk)


def debrief(request, conversation_id):
    conversation = access.get_own_conversation_or_404(request.user, conversation_id)
    if conversation.status != Status.ENDED:
        return redirect("rehearsal:conversation", conversation.pk)
    report = services.conversation_debrief(conversation)
    comments = {}
    for turn in conversation.turns.prefetch_related("comments"):
        if turn.comments.all():
            comments[turn.number] = list(turn.comments.all())
    for row in report["transcript"]:
        row["comments"] = comments.get(row["number"], [])
    attempts = selectors.earlier_attempts(conversation)
    return render(
        request,
        "rehearsal/debrief.html",
        {
            "conversation": conversation,
            "scenario": scenario_for_source(conversation.source),
            "report": report,
            "attempts": attempts,
            "chart": _attempts_chart(attempts, conversation),
            "share_form": ShareForm(organisations=access.sharing_organisations(request.user)),
        },
    )


def _attempts_chart(attempts, current) -> dict:
    bar_width, gap, top, baseline = 36, 16, 100, 104
    bars = []
    for index, attempt in enumerate(attempts):
        height = round(top * float((attempt.scores or {}).get("stages") or 0))
        x = gap + index * (bar_width + gap)
        bars.append(
            {
                "x": x,
                "y": baseline - height,
                "width": bar_width,
                "height": height,
                "label_x": x + bar_width // 2,
                "current": attempt.pk == current.pk,
            }
        )
    return {
        "bars": bars,
        "width": gap + len(attempts) * (bar_width + gap),
        "height": baseline + 16,
        "baseline": baseline,
    }


@require_POST
def retry(request, conversation_id, number):
    conversation = access.get_own_conversation_or_404(request.user, conversation_id)
    try:
        again = services.conversation_retry(conversation=conversation, from_turn=number)
    except services.TurnRefused:
        raise Http404("No such turn") from None
    messages.info(request, f"You are back before turn {number}. Say it your way this time.")
    return redirect("rehearsal:conversation", again.pk)


@require_POST
def share(request, conversation_id):
    conversation = access.get_own_conversation_or_404(request.user, conversation_id)
    if request.POST.get("withdraw"):
        services.conversation_unshare(conversation=conversation)
        messages.success(request, "You have stopped sharing this transcript.")
        return redirect("rehearsal:debrief", conversation.pk)
    form = ShareForm(request.POST, organisations=access.sharing_organisations(request.user))
    if form.is_valid():
        services.conversation_share(conversation=conversation, organisation=form.cleaned_data["organisation"])
        messages.success(
            request, f"Facilitators at {form.cleaned_data['organisation'].name} can now read this transcript."
        )
    return redirect("rehearsal:debrief", conversation.pk)


def history(request):
    conversations = list(selectors.history_for(request.user)[:200])
    return render(request, "rehearsal/history.html", {"conversations": conversations})


def shared_list(request):
    organisations = list(access.overseen_organisations(request.user))
    if not organisations:
        raise Http404("Nothing shared with you")
    from attune.rehearsal.models import Conversation

    # Transcripts go to facilitators only; admins see the aggregates.
    shared = Conversation.objects.filter(shared_with__in=access.authoring_organisations(request.user)).select_related(
        "learner", "shared_with"
    )
    return render(
        request,
        "rehearsal/shared_list.html",
        {"shared": shared[:200], "summaries": [(o, selectors.cohort_summary(o)) for o in organisations]},
    )


def shared_conversation(request, conversation_id):
    conversation = access.get_shared_conversation_or_404(request.user, conversation_id)
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        turn_number = request.POST.get("turn")
        target = conversation.turns.filter(number=turn_number).first() if str(turn_number).isdigit() else None
        if target is None:
            raise Http404("No such turn")
        if form.is_valid():
            services.turn_comment_create(turn=target, author=request.user, text=form.cleaned_data["text"])
            messages.success(
                request, f"Your comment on turn {target.number} is saved. The learner will see it in their debrief."
            )
            return redirect("rehearsal:shared_conversation", conversation.pk)
    else:
        audit_record(
            actor=request.user, action=AuditAction.VIEWED, obj=conversation, organisation=conversation.shared_with
        )
    report = services.conversation_debrief(conversation) if conversation.status == Status.ENDED else None
    turns = list(conversation.turns.prefetch_related("comments"))
    for turn in turns:
        turn.act_label = ACT_LABELS.get((turn.coding or {}).get("act"), "")
    return render(
        request,
        "rehearsal/shared_conversation.html",
        {"conversation": conversation, "turns": turns, "report": report, "form": form},
    )
