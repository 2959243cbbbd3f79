"""Survey campaigns: starting one, the anonymous answer page, progress, and importing paper responses."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from attune.accounts.models import Membership, Role, Team
from attune.consultation import campaigns, reports
from attune.consultation.forms import CampaignForm, ImportForm, SurveyForm
from attune.consultation.models import Campaign

MAX_IMPORT_BYTES = 2_000_000


def runnable_teams(user):
    """Teams a person may survey: their own as team lead, or any in an organisation they facilitate."""
    led = Membership.objects.filter(user=user, role=Role.TEAM_LEAD).values("team_id")
    facilitated = Membership.objects.filter(user=user, role=Role.FACILITATOR).values("organisation_id")
    return Team.objects.filter(pk__in=led) | Team.objects.filter(organisation_id__in=facilitated)


def campaigns_for(user):
    return Campaign.objects.filter(teams__in=runnable_teams(user)).distinct()


def get_campaign_or_404(user, pk) -> Campaign:
    campaign = campaigns_for(user).filter(pk=pk).first()
    if campaign is None:
        raise Http404("No such survey")
    return campaign


def campaign_list(request):
    return render(
        request,
        "consultation/campaigns/list.html",
        {"campaigns": campaigns_for(request.user), "can_start": runnable_teams(request.user).exists()},
    )


def _linked(request) -> tuple[Campaign | None, object]:
    """The survey being repeated and the consultation a new survey belongs to, from ?repeats= or
    ?consultation= (kept in the form's address when it is sent)."""
    from attune.consultation.access import get_consultation_or_404

    repeats = consultation = None
    if request.GET.get("repeats", "").isdigit():
        repeats = get_campaign_or_404(request.user, int(request.GET["repeats"]))
        consultation = repeats.consultation
    elif request.GET.get("consultation", "").isdigit():
        consultation, role = get_consultation_or_404(request.user, int(request.GET["consultation"]))
        if role not in ("facilitator", "lead"):
            raise Http404("No such consultation")
    return repeats, consultation


def campaign_new(request):
    teams = runnable_teams(request.user)
    if not teams.exists():
        raise Http404("Team leads and facilitators run surveys")
    repeats, consultation = _linked(request)
    initial = {}
    if repeats is not None:
        initial = {"title": f"{repeats.title} (repeat)", "teams": list(repeats.teams.filter(pk__in=teams)),
                   "ask_profession": repeats.ask_profession, "ask_band": repeats.ask_band}  # fmt: skip
    elif consultation is not None and consultation.team_id:
        initial = {"title": f"{consultation.team.name}: team climate", "teams": [consultation.team]}
    form = CampaignForm(request.POST or None, initial=initial, teams=teams, repeats=repeats,
                        instruments=campaigns.available_instruments())  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisations = {team.organisation_id for team in data["teams"]}
        if len(organisations) != 1:
            form.add_error("teams", "Choose teams from one organisation")
        elif consultation is not None and organisations != {consultation.organisation_id}:
            form.add_error("teams", "Choose teams from the consultation's organisation")
        else:
            campaign = campaigns.campaign_start(
                organisation=data["teams"][0].organisation, created_by=request.user, title=data["title"],
                instrument_path=None if repeats else form.paths[data["instrument"]], teams=data["teams"],
                closes_at=data["closes_at"], ask_profession=data["ask_profession"], ask_band=data["ask_band"],
                consultation=consultation, repeats=repeats,
            )  # fmt: skip
            messages.success(request, "The survey is open and everyone in the teams has been sent a personal link.")
            return redirect("consultation:campaign", campaign.pk)
    return render(
        request,
        "consultation/campaigns/form.html",
        {"form": form, "repeats": repeats, "consultation": consultation},
        status=400 if form.errors else 200,
    )


def _released_if_closed(campaign: Campaign) -> None:
    if campaign.closes_at <= timezone.now():
        campaigns.answers_release(campaign.pk, closing=True)


def _progress(campaign: Campaign) -> dict:
    return {
        "campaign": campaign,
        "invited": campaign.invitations.count(),
        "answered": campaign.invitations.filter(answered=True).count(),
        "responses": campaign.responses.count(),
        "waiting": campaigns.waiting_count(campaign),
        "minimum": campaigns.minimum(),
    }


def campaign_detail(request, pk):
    campaign = get_campaign_or_404(request.user, pk)
    _released_if_closed(campaign)
    return render(request, "consultation/campaigns/detail.html", _progress(campaign) | {"import_form": ImportForm()})


@require_POST
def campaign_import(request, pk):
    campaign = get_campaign_or_404(request.user, pk)
    form = ImportForm(request.POST, request.FILES)
    problems = []
    if not form.is_valid():
        problems = [e for errors in form.errors.values() for e in errors]
    else:
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            problems = [f"The file is too large: keep it under {MAX_IMPORT_BYTES // 1_000_000} MB"]
        else:
            try:
                rows = list(csv.DictReader(io.StringIO(upload.read().decode("utf-8-sig"))))
            except (UnicodeDecodeError, csv.Error):
                problems = ["The file is not a CSV file in UTF-8: save it as 'CSV UTF-8' and try again"]
            else:
                if not rows:
                    problems = ["There are no responses under the header row"]
                else:
                    count, problems = campaigns.responses_import(campaign=campaign, rows=rows)
                    if not problems:
                        messages.success(request, f"{count} responses imported.")
    if problems:
        return render(
            request,
            "consultation/campaigns/detail.html",
            _progress(campaign) | {"import_form": form, "import_problems": problems},
            status=400,
        )
    return redirect("consultation:campaign", campaign.pk)


@login_not_required
def survey_answer(request, token):
    """The anonymous answer page, reached by a personal link; no sign-in needed."""
    try:
        invitation = campaigns.invitation_for(token)
    except campaigns.SurveyUnavailable as unavailable:
        return render(request, "consultation/campaigns/unavailable.html", {"message": str(unavailable)}, status=410)
    campaign = invitation.campaign
    instrument = campaigns.instrument_of(campaign)
    form = SurveyForm(request.POST if request.method == "POST" else None, instrument=instrument, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            campaigns.response_submit(
                token=token, answers=form.answers, profession=form.cleaned_data.get("profession", ""),
                band=form.cleaned_data.get("band", ""), comments=form.comments,
            )  # fmt: skip
        except campaigns.SurveyUnavailable as unavailable:
            return render(request, "consultation/campaigns/unavailable.html", {"message": str(unavailable)}, status=410)
        return render(request, "consultation/campaigns/thanks.html", {"campaign": campaign})
    return render(
        request,
        "consultation/campaigns/answer.html",
        {"form": form, "campaign": campaign, "instrument": instrument},
        status=400 if form.errors else 200,
    )


def campaign_report(request, pk):
    campaign = get_campaign_or_404(request.user, pk)
    _released_if_closed(campaign)
    report = reports.campaign_report(campaign)
    subscales = report.instrument.subscales
    low, high = report.instrument.score_range
    chart = None
    if report.shown:
        width, row = 420, 44

        def x(value):
            return 10 + (value - low) / (high - low) * (width - 20) if value is not None else None

        bars = []
        for index, subscale in enumerate(subscales):
            cell = report.overall[subscale.id]
            if cell.mean is None:
                continue
            bars.append({"y": index * row + 18, "label_y": index * row + 13, "name": subscale.name,
                         "w": x(cell.mean) - 10,
                         "lo": x(cell.ci_low if cell.ci_low is not None else cell.mean),
                         "hi": x(cell.ci_high if cell.ci_high is not None else cell.mean),
                         "mid": index * row + 28})  # fmt: skip
        chart = {"bars": bars, "width": width, "height": len(subscales) * row + 10}
    # A team lead sees their own teams' rows; the organisation's facilitators see every team.
    visible = {t.name for t in runnable_teams(request.user).filter(pk__in=campaign.teams.all())}
    heat = []
    for name, cells in report.teams:
        if name not in visible:
            continue
        heat.append(
            (
                name,
                None
                if cells is None
                else [(s.name, cells[s.id], _heat(cells[s.id].mean, low, high)) for s in subscales],
            )
        )
    return render(
        request,
        "consultation/campaigns/report.html",
        {"campaign": campaign, "report": report, "subscales": subscales, "chart": chart, "heat": heat,
         "low": low, "high": high, "actions": _agreed_actions(request.user, campaign),
         "points": sorted(report.instrument.scale.points, key=lambda p: p.value)},
    )  # fmt: skip


def team_report(request, pk, team_id):
    campaign = get_campaign_or_404(request.user, pk)
    team = runnable_teams(request.user).filter(pk=team_id, pk__in=campaign.teams.all()).first()
    if team is None:
        raise Http404("No such team in this survey")
    _released_if_closed(campaign)
    report = reports.team_report(campaign, team)
    low, high = report.instrument.score_range
    return render(
        request,
        "consultation/campaigns/team_report.html",
        {"campaign": campaign, "report": report, "subscales": report.instrument.subscales, "low": low, "high": high,
         "points": sorted(report.instrument.scale.points, key=lambda p: p.value),
         "actions": _agreed_actions(request.user, campaign)},
    )  # fmt: skip


@require_POST
def campaign_report_pdf(request, pk):
    """Ask for the report's PDF: it is made in the background, as the person who asked would see it."""
    from attune.core.downloads import request_file

    campaign = get_campaign_or_404(request.user, pk)
    prepared = request_file(owner=request.user, kind="survey-report", params={"campaign": campaign.pk},
                            title=f"Report: {campaign.title} (PDF)")  # fmt: skip
    return redirect("core:prepared_file", prepared.pk)


def make_report_pdf(owner, params):
    """The survey report's PDF, for `core.downloads`: the owner's access is checked again here."""
    from attune.consultation.pdf import report_pdf
    from attune.core.downloads import Made, Unavailable

    campaign = get_campaign_or_404(owner, params["campaign"])
    _released_if_closed(campaign)
    report = reports.campaign_report(campaign)
    if not report.shown:
        raise Unavailable(f"The report appears once at least {report.minimum} people have answered.")
    visible = {t.name for t in runnable_teams(owner).filter(pk__in=campaign.teams.all())}
    return Made(report_pdf(report, visible_teams=visible), f"survey-report-{campaign.pk}.pdf")


def _agreed_actions(user, campaign: Campaign):
    """The consultation's agreed actions, beside the change they were meant to bring, for the people
    who follow them up: the organisation's facilitators and the consultation team's lead."""
    from attune.consultation.access import role_in

    if campaign.consultation is None or role_in(user, campaign.consultation) not in ("facilitator", "lead"):
        return []
    return list(campaign.consultation.actions.all())


def _heat(mean, low, high) -> str:
    band = reports.heat_band(mean, low, high)
    return "none" if band is None else str(band)
