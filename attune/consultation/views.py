"""Consultation pages: asking for help, the facilitator's work, and what the team lead follows."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from attune.accounts.models import Membership, Organisation, Role, Team
from attune.consultation import access, services
from attune.consultation.forms import (
    ActionForm,
    ActionStatusForm,
    FormulationForm,
    MeetingForm,
    PlanForm,
    PublicRequestForm,
    RequestForm,
)
from attune.consultation.models import Action, Status


def _led_teams(user):
    return Team.objects.filter(pk__in=Membership.objects.filter(user=user, role=Role.TEAM_LEAD).values("team_id"))


@never_cache
def consultation_list(request):
    return render(
        request,
        "consultation/list.html",
        {"consultations": access.consultations_for(request.user), "can_request": _led_teams(request.user).exists()},
    )


@never_cache
def consultation_new(request):
    teams = _led_teams(request.user)
    if not teams.exists():
        raise Http404("Team leads ask for consultation here; others use their organisation's contact form")
    form = RequestForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        team = form.cleaned_data["team"]
        consultation = services.consultation_request(
            organisation=team.organisation, team=team, requested_by=request.user,
            challenge=form.cleaned_data["challenge"],
        )  # fmt: skip
        messages.success(request, "Your request has been sent to your organisation's facilitators.")
        return redirect("consultation:detail", consultation.pk)
    return render(request, "consultation/request.html", {"form": form}, status=400 if form.errors else 200)


@login_not_required
@ratelimit(key="ip", rate=lambda group, request: settings.ATTUNE_PUBLIC_FORM_RATE, method="POST", block=False)
def get_in_touch(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    form = PublicRequestForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        form.is_valid()  # keeps what they typed on the page
        form.add_error(None, "Several requests have come from your connection in the last hour. Nothing has been "
                             "lost: try again in an hour, or ask a team lead to send it for you.")  # fmt: skip
        return render(request, "consultation/get_in_touch.html", {"form": form, "organisation": organisation},
                      status=429)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data.pop("website"):
            services.consultation_request(organisation=organisation, **data)
        return render(request, "consultation/get_in_touch_done.html", {"organisation": organisation})
    return render(
        request, "consultation/get_in_touch.html", {"form": form, "organisation": organisation},
        status=400 if form.errors else 200,
    )  # fmt: skip


@never_cache
def consultation_detail(request, pk):
    consultation, role = access.get_consultation_or_404(request.user, pk)
    context = {
        "consultation": consultation,
        "role": role,
        "meetings": consultation.meetings.all(),
        "actions": consultation.actions.all(),
        "campaigns": consultation.campaigns.select_related("repeats"),
    }
    if role == "facilitator":
        context |= {
            "formulation_form": FormulationForm(
                initial={
                    "patterns": consultation.patterns,
                    "maintaining": consultation.maintaining,
                    "hypotheses": consultation.hypotheses,
                }
            ),
            "plan_form": PlanForm(
                initial={
                    "participants": consultation.participants,
                    "plan": consultation.plan,
                    "tools": consultation.tools,
                }
            ),
            "meeting_form": MeetingForm(),
            "action_form": ActionForm(),
        }
    return render(request, "consultation/detail.html", context)


def _facilitating(request, pk):
    consultation, role = access.get_consultation_or_404(request.user, pk)
    if role != "facilitator":
        raise Http404("Not yours to change")
    return consultation


@require_POST
def consultation_respond(request, pk):
    consultation = _facilitating(request, pk)
    if consultation.status != Status.REQUESTED:
        raise Http404("Already answered")
    services.consultation_respond(consultation=consultation, facilitator=request.user, accept="accept" in request.POST)
    return redirect("consultation:detail", consultation.pk)


@require_POST
def consultation_save(request, pk, part):
    consultation = _facilitating(request, pk)
    forms = {"formulation": FormulationForm, "plan": PlanForm, "meeting": MeetingForm, "action": ActionForm}
    if part not in forms:
        raise Http404("No such part")
    form = forms[part](request.POST)
    if not form.is_valid():
        messages.error(request, "Check the form: " + "; ".join(e for errors in form.errors.values() for e in errors))
        return redirect("consultation:detail", consultation.pk)
    if part in ("formulation", "plan"):
        services.consultation_update(consultation=consultation, actor=request.user, **form.cleaned_data)
    elif part == "meeting":
        services.meeting_add(consultation=consultation, **form.cleaned_data)
    else:
        services.action_add(consultation=consultation, **form.cleaned_data)
    messages.success(request, "Saved.")
    return redirect("consultation:detail", consultation.pk)


@require_POST
def action_status(request, pk, action_id):
    consultation, role = access.get_consultation_or_404(request.user, pk)
    if role not in ("facilitator", "lead"):
        raise Http404("Not yours to change")
    action = get_object_or_404(Action, pk=action_id, consultation=consultation)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_set_status(action=action, status=form.cleaned_data["status"])
    return redirect("consultation:detail", consultation.pk)
