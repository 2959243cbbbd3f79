"""Reflective group pages: series, sessions, anonymous check-ins and evaluations, and the report."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from attune.accounts.models import User
from attune.reflection import groups, identifiers
from attune.reflection.forms import AnswerForm, SeriesForm
from attune.reflection.models import Measure


@never_cache
def series_list(request):
    return render(
        request,
        "reflection/groups/list.html",
        {"series": groups.series_for(request.user), "can_create": groups.facilitated_teams(request.user).exists()},
    )


@never_cache
def series_new(request):
    teams = groups.facilitated_teams(request.user)
    if not teams.exists():
        raise Http404("Only facilitators set up reflective groups")
    form = SeriesForm(request.POST or None, teams=teams, initial={"count": 6, "every_days": 28})
    if request.method == "POST" and form.is_valid():
        series = groups.series_create(facilitator=request.user, **form.cleaned_data)
        messages.success(request, "The series is set up. Agree the ground rules with the group at the first session.")
        return redirect("reflection:series", series.pk)
    return render(request, "reflection/groups/series_form.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
def series_detail(request, pk):
    series = groups.get_series_or_404(request.user, pk)
    runs = groups.runs(request.user, series)
    if request.method == "POST":
        if not runs:
            raise Http404("Not yours to change")
        series.ground_rules = request.POST.get("ground_rules", "")[:4000]
        series.save(update_fields=["ground_rules"])
        messages.success(request, "The ground rules are saved.")
        return redirect("reflection:series", series.pk)
    return render(
        request,
        "reflection/groups/series.html",
        {
            "series": series,
            "sessions": series.sessions.all(),
            "runs": runs,
            "report": groups.series_report(series) if groups.sees_report(request.user, series) else None,
        },
    )


@never_cache
def session_detail(request, pk):
    session = groups.get_session_or_404(request.user, pk)
    series = session.series
    context = {"session": session, "series": series, "runs": groups.runs(request.user, series)}
    context["open"] = groups.answers_open(session)
    if groups.takes_part(request.user, series) and context["open"]:
        done = groups.answered(session, request.user)
        context["forms"] = [
            (measure, label, AnswerForm(measure=measure, prefix=measure))
            for measure, label in Measure.choices
            if measure not in done
        ]
        context["done"] = done
    if context["runs"]:
        context["members"] = User.objects.filter(memberships__team=series.team).distinct().order_by("display_name")
        context["attending"] = set(session.attendees.values_list("pk", flat=True))
        context["results"] = groups.session_results(session)
        context["minimum"] = groups.min_group_size()
    return render(request, "reflection/groups/session.html", context)


@require_POST
def session_answer(request, pk, measure):
    session = groups.get_session_or_404(request.user, pk)
    if measure not in Measure.values or not groups.takes_part(request.user, session.series):
        raise Http404("Nothing to answer")
    form = AnswerForm(request.POST, measure=measure, prefix=measure)
    if form.is_valid():
        try:
            groups.answer_submit(session=session, person=request.user, measure=measure, answers=form.cleaned_data)
        except groups.AlreadyAnswered:
            messages.info(request, "You have already answered that for this session.")
        except groups.NotOpen:
            messages.info(request, "Answers for this session are not open: they are taken on the day of the session.")
        else:
            messages.success(
                request, "Thank you. Your answer is counted anonymously: nobody can see which answer is yours."
            )
    else:
        messages.error(request, "Choose an answer to every question.")
    return redirect("reflection:group_session", session.pk)


@never_cache
def session_run(request, pk):
    """The facilitator's register and theme notes for one session."""
    session = groups.get_session_or_404(request.user, pk)
    if not groups.runs(request.user, session.series) or request.method != "POST":
        raise Http404("Not yours to run")
    members = User.objects.filter(memberships__team=session.series.team)
    ids = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
    notes = request.POST.get("theme_notes", "")[:20000]
    findings = identifiers.find(notes)
    if findings and not request.POST.get("save_anyway"):
        return render(
            request,
            "reflection/groups/session.html",
            {"session": session, "series": session.series, "runs": True, "findings": findings, "draft_notes": notes,
             "members": members.distinct().order_by("display_name"), "attending": ids,
             "results": groups.session_results(session), "minimum": groups.min_group_size()},
        )  # fmt: skip
    session.attendees.set(members.filter(pk__in=ids).distinct())
    session.theme_notes = notes
    session.save(update_fields=["theme_notes"])
    messages.success(request, "The register and theme notes are saved.")
    return redirect("reflection:group_session", session.pk)
