"""Supervision pages: agreements, session records and actions, seen only by the two people involved."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from attune.reflection import supervision
from attune.reflection.forms import AgreementForm, SessionRecordForm
from attune.reflection.models import AgreementStatus, SupervisionAction


@never_cache
def agreements(request):
    return render(
        request,
        "reflection/supervision/list.html",
        {
            "agreements": supervision.agreements_for(request.user),
            "can_offer": supervision.supervisee_choices(request.user).exists(),
        },
    )


@never_cache
def agreement_new(request):
    supervisees = supervision.supervisee_choices(request.user)
    if not supervisees.exists():
        raise Http404("Only supervisors set up agreements")
    form = AgreementForm(
        request.POST or None,
        supervisees=supervisees,
        initial={
            "confidentiality": supervision.DEFAULT_CONFIDENTIALITY,
            "record_keeping": supervision.DEFAULT_RECORD_KEEPING,
            "frequency": "monthly",
            "kind": "professional",
        },
    )
    if request.method == "POST" and form.is_valid():
        agreement = supervision.agreement_propose(supervisor=request.user, **form.cleaned_data)
        messages.success(request, f"Sent to {agreement.supervisee.display_name} to agree.")
        return redirect("reflection:agreement", agreement.pk)
    return render(
        request, "reflection/supervision/agreement_form.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
def agreement_detail(request, pk):
    agreement = supervision.get_agreement_or_404(request.user, pk)
    sessions = list(agreement.sessions.all())
    actions = SupervisionAction.objects.filter(session__agreement=agreement).select_related("owner")
    return render(
        request,
        "reflection/supervision/agreement.html",
        {
            "agreement": agreement,
            "sessions": sessions,
            "actions": actions,
            "today": timezone.localdate(),
            "is_supervisee": request.user.pk == agreement.supervisee_id,
            "other": agreement.other(request.user),
        },
    )


@require_POST
def agreement_accept(request, pk):
    agreement = supervision.get_agreement_or_404(request.user, pk)
    supervision.agreement_accept(agreement=agreement, supervisee=request.user)
    messages.success(request, "Agreed. Your supervisor can now record your sessions together.")
    return redirect("reflection:agreement", agreement.pk)


@never_cache
def session_new(request, pk):
    agreement = supervision.get_agreement_or_404(request.user, pk)
    if agreement.status != AgreementStatus.AGREED:
        raise Http404("The agreement is not in force")
    form = SessionRecordForm(request.POST or None, agreement=agreement, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = supervision.session_record(
            agreement=agreement, by=request.user, held_on=data["held_on"], shared_notes=data["shared_notes"],
            private_note=data["private_note"], next_on=data["next_on"], actions=form.actions,
        )  # fmt: skip
        messages.success(request, "The session is recorded.")
        return redirect("reflection:supervision_session", session.pk)
    return render(
        request, "reflection/supervision/session_form.html", {"form": form, "agreement": agreement},
        status=400 if form.errors else 200,
    )  # fmt: skip


@never_cache
def session_detail(request, pk):
    session = supervision.get_session_or_404(request.user, pk)
    mine = session.private_notes.filter(author=request.user).first()
    if request.method == "POST":
        supervision.private_note_save(
            session=session, author=request.user, text=request.POST.get("private_note", "")[:20000]
        )
        messages.success(request, "Your private notes are saved.")
        return redirect("reflection:supervision_session", session.pk)
    return render(
        request,
        "reflection/supervision/session.html",
        {
            "session": session,
            "agreement": session.agreement,
            "mine": mine,
            "actions": session.actions.select_related("owner"),
        },
    )


@require_POST
def action_done(request, pk):
    action = SupervisionAction.objects.filter(pk=pk).select_related("session__agreement").first()
    if action is None:
        raise Http404("No such action")
    supervision.get_agreement_or_404(request.user, action.session.agreement_id)
    supervision.action_done(action=action)
    return redirect("reflection:agreement", action.session.agreement_id)
