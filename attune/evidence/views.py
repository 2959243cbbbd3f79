"""Programmes: the list, creating one, the dashboard, answering a measure, a participant's own results,
the evaluation report (page and PDF) and the de-identified export."""

import csv
import random

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from attune.accounts.models import Membership, Role, Team
from attune.consultation.campaigns import available_instruments, minimum
from attune.consultation.models import Campaign
from attune.core.exports import csv_safe
from attune.evidence import access, outcomes, services
from attune.evidence.forms import MeasureForm, ProgrammeForm
from attune.evidence.models import Occasion


def _facilitated_organisations(user):
    return Membership.objects.filter(user=user, role=Role.FACILITATOR).values("organisation_id")


def programme_list(request):
    return render(
        request,
        "evidence/list.html",
        {
            "programmes": access.facilitated(request.user),
            "can_create": _facilitated_organisations(request.user).exists(),
            "due": services.due_for(request.user),
            "taking_part": request.user.is_authenticated
            and access.Participant.objects.filter(person=request.user).select_related("programme"),
        },
    )


def programme_new(request):
    from attune.learning.library import all_modules
    from attune.reflection.models import GroupSeries
    from attune.rehearsal.library import builtin_entries

    organisations = _facilitated_organisations(request.user)
    if not organisations.exists():
        raise Http404("Facilitators create programmes")
    form = ProgrammeForm(
        request.POST or None,
        teams=Team.objects.filter(organisation_id__in=organisations),
        modules=[(m.slug, m.title) for m in all_modules()],
        scenarios=[(e.key, e.scenario.title) for e in builtin_entries()],
        sessions=_sessions(organisations),
        group_series=GroupSeries.objects.filter(team__organisation_id__in=organisations),
        campaigns=Campaign.objects.filter(organisation_id__in=organisations),
        instruments=available_instruments(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = {team.organisation_id for team in data["teams"]}
        if len(chosen) != 1:
            form.add_error("teams", "Choose teams from one organisation")
        else:
            programme = services.programme_create(
                organisation=data["teams"][0].organisation, created_by=request.user, title=data["title"],
                description=data["description"], teams=data["teams"], measures=form.measures,
                starts_on=data["starts_on"], ends_on=data["ends_on"], follow_up_on=data["follow_up_on"],
                modules=data["modules"], scenarios=data["scenarios"], sessions=data["sessions"],
                group_series=data["group_series"], supervision=data["supervision"],
                climate_before=data["climate_before"],
                climate_after=data["climate_after"],
            )  # fmt: skip
            messages.success(request, f"Programme created: {programme.participants.count()} people enrolled.")
            return redirect("evidence:detail", programme.pk)
    return render(request, "evidence/form.html", {"form": form}, status=400 if form.errors else 200)


def _sessions(organisations):
    from attune.learning.models import TrainingSession

    return TrainingSession.objects.filter(organisation_id__in=organisations).order_by("-starts_at")


def programme_detail(request, pk):
    programme = access.programme_for_facilitator_or_404(request.user, pk)
    return render(request, "evidence/detail.html", _results(programme) | {"windows": _windows(programme)})


def _results(programme) -> dict:
    outcome = outcomes.programme_outcome(programme)
    for measure in outcome.measures:
        for subscale in measure.subscales:
            subscale.chart = _chart(subscale)
    return {"programme": programme, "outcome": outcome, "examples": outcomes.shared_examples(programme)}


def _chart(subscale) -> dict | None:
    """Bars for the average at each time, with its interval, drawn on the subscale's whole range."""
    if not subscale.occasions:
        return None
    height, top, width = 160, 10, 100
    span = subscale.high - subscale.low

    def y(value):
        return top + (1 - (value - subscale.low) / span) * (height - top)

    short = {Occasion.BASELINE.label: "Before", Occasion.END.label: "End", Occasion.FOLLOW_UP.label: "Follow-up"}
    bars = []
    for index, (label, d) in enumerate(subscale.occasions):
        x = 50 + index * width
        bars.append({"x": x, "mid": x + 30, "y": y(d.mean), "h": height - y(d.mean), "label": short[label],
                     "hi": y(d.ci_high if d.ci_high is not None else d.mean),
                     "lo": y(d.ci_low if d.ci_low is not None else d.mean)})  # fmt: skip
    return {"bars": bars, "width": 60 + len(bars) * width, "height": height + 24, "base": height,
            "label_y": height + 18}  # fmt: skip


def _windows(programme):
    today = timezone.localdate()
    rows = []
    for occasion, label in Occasion.choices:
        first, last = services.window(programme, occasion)
        rows.append((label, first, last, first <= today <= last))
    return rows


@require_POST
def programme_enrol(request, pk):
    programme = access.programme_for_facilitator_or_404(request.user, pk)
    added = services.enrol_members(programme)
    messages.success(request, f"{added} new {'person' if added == 1 else 'people'} enrolled from the teams.")
    return redirect("evidence:detail", programme.pk)


def programme_report(request, pk):
    programme = access.programme_for_facilitator_or_404(request.user, pk)
    return render(request, "evidence/report.html", _results(programme))


@require_POST
def programme_report_pdf(request, pk):
    """Ask for the evaluation report's PDF, made in the background."""
    from attune.core.downloads import request_file

    programme = access.programme_for_facilitator_or_404(request.user, pk)
    prepared = request_file(owner=request.user, kind="evaluation-report", params={"programme": programme.pk},
                            title=f"Evaluation: {programme.title} (PDF)")  # fmt: skip
    return redirect("core:prepared_file", prepared.pk)


def make_report_pdf(owner, params):
    from attune.core.downloads import Made
    from attune.evidence.pdf import report_pdf

    programme = access.programme_for_facilitator_or_404(owner, params["programme"])
    results = _results(programme)
    return Made(report_pdf(results["outcome"], results["examples"]), f"evaluation-{programme.pk}.pdf")


def programme_export(request, pk):
    """One row per participant with any answer: scores at each occasion, with a code that is new in
    every export and rows in random order, so that nothing ties a row to a person or to another export."""
    programme = access.programme_for_facilitator_or_404(request.user, pk)
    rows = outcomes.deidentified_rows(programme)
    if len(rows) < minimum():
        messages.error(request, f"The export is available once at least {minimum()} people have answered.")
        return redirect("evidence:detail", programme.pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="programme-{programme.pk}-deidentified.csv"'
    writer = csv.writer(response)
    header = list(rows[0])
    writer.writerow(header)
    random.SystemRandom().shuffle(rows)
    for number, row in enumerate(rows, start=1):
        row["participant"] = f"P{number:03d}"
        writer.writerow([csv_safe(str(row[column])) for column in header])
    return response


@never_cache
def measure_answer(request, pk, measure_id):
    participant = access.participant_or_404(request.user, pk)
    programme = participant.programme
    measure = programme.measures.filter(pk=measure_id).first()
    if measure is None:
        raise Http404("No such measure")
    occasion = services.open_occasion(programme)
    if occasion is None or participant.responses.filter(measure=measure, occasion=occasion).exists():
        messages.info(request, "These questions are not waiting for you at the moment.")
        return redirect("evidence:mine", programme.pk)
    instrument = services.instrument_of(measure)
    form = MeasureForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_answer(
                participant=participant, measure=measure, answers=form.answers, comments=form.comments,
                share_comments=form.cleaned_data.get("share", False),
            )  # fmt: skip
        except services.MeasureClosed as closed:
            messages.info(request, str(closed))
        else:
            messages.success(request, "Thank you: your answers are saved.")
        return redirect("evidence:mine", programme.pk)
    return render(
        request,
        "evidence/answer.html",
        {"programme": programme, "instrument": instrument, "form": form, "occasion": Occasion(occasion).label},
        status=400 if form.errors else 200,
    )


@never_cache
def my_results(request, pk):
    participant = access.participant_or_404(request.user, pk)
    return render(
        request,
        "evidence/mine.html",
        {
            "programme": participant.programme,
            "results": outcomes.personal_results(participant),
            "due": [d for d in services.due_for(request.user) if d.programme.pk == participant.programme_id],
        },
    )
