"""Facilitators write scenarios for their teams: upload or edit, validate, preview, publish, copy."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from attune.rehearsal import access, services
from attune.rehearsal.forms import PublishForm, ScenarioForm
from attune.rehearsal.library import Entry, builtin_entries, scenario_for_source
from attune.rehearsal.models import CustomScenario


def _organisations_or_404(user):
    organisations = access.authoring_organisations(user)
    if not organisations.exists():
        raise Http404("Only facilitators write scenarios")
    return organisations


def scenario_list(request):
    organisations = _organisations_or_404(request.user)
    customs = CustomScenario.objects.filter(organisation__in=organisations).select_related("organisation")
    return render(request, "rehearsal/authoring/list.html", {"customs": customs, "builtins": builtin_entries()})


def scenario_create(request):
    organisations = _organisations_or_404(request.user)
    copy_from = request.GET.get("copy", "")
    initial = {}
    if copy_from:
        entry = next((e for e in builtin_entries() if e.key == copy_from), None)
        if entry is None:
            raise Http404("No such scenario to copy")
        initial["text"] = entry.text
    form = ScenarioForm(request.POST or None, request.FILES or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        custom = services.custom_scenario_create(
            organisation=form.cleaned_data["organisation"],
            author=request.user,
            text=form.cleaned_data["text"],
            title=form.scenario.title,
            copied_from=request.POST.get("copied_from", ""),
        )
        messages.success(request, "Your scenario is saved as a draft. Preview it, then publish it to your teams.")
        return redirect("rehearsal:authoring_edit", custom.pk)
    return render(request, "rehearsal/authoring/edit.html", {"form": form, "custom": None, "copied_from": copy_from})


def scenario_edit(request, pk):
    custom = access.get_custom_scenario_or_404(request.user, pk)
    organisations = access.authoring_organisations(request.user)
    form = ScenarioForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        initial={"organisation": custom.organisation, "text": custom.source.text},
    )
    if request.method == "POST" and form.is_valid():
        services.custom_scenario_update(
            custom=custom, author=request.user, text=form.cleaned_data["text"], title=form.scenario.title
        )
        messages.success(request, "Saved. Conversations already under way keep the version they started with.")
        return redirect("rehearsal:authoring_edit", custom.pk)
    publish_form = PublishForm(
        organisations=organisations,
        initial={"organisations": custom.organisations.all(), "teams": custom.teams.all()},
    )
    return render(
        request, "rehearsal/authoring/edit.html", {"form": form, "custom": custom, "publish_form": publish_form}
    )


@require_POST
def scenario_preview(request, pk):
    custom = access.get_custom_scenario_or_404(request.user, pk)
    entry = Entry(key=custom.key, scenario=scenario_for_source(custom.source), text="", custom=custom)
    conversation = services.conversation_start(
        learner=request.user, entry=entry, level=entry.scenario.difficulty, coaching=True, preview=True
    )
    messages.info(request, "This is a preview: it is kept out of your history and of any figures.")
    return redirect("rehearsal:conversation", conversation.pk)


@require_POST
def scenario_publish(request, pk):
    custom = access.get_custom_scenario_or_404(request.user, pk)
    if request.POST.get("withdraw"):
        services.custom_scenario_unpublish(custom=custom, author=request.user)
        messages.success(request, "Withdrawn: learners no longer see this scenario.")
        return redirect("rehearsal:authoring_edit", custom.pk)
    form = PublishForm(request.POST, organisations=access.authoring_organisations(request.user))
    if form.is_valid():
        data = form.cleaned_data
        services.custom_scenario_publish(
            custom=custom, author=request.user, organisations=data["organisations"], teams=data["teams"]
        )
        audience = [f"everyone at {o.name}" for o in data["organisations"]] + [t.name for t in data["teams"]]
        messages.success(request, f"Published to {', '.join(audience)}.")
        return redirect("rehearsal:authoring_edit", custom.pk)
    return render(
        request,
        "rehearsal/authoring/edit.html",
        {"form": _scenario_form(request, custom), "custom": custom, "publish_form": form},
        status=400,
    )


def _scenario_form(request, custom):
    return ScenarioForm(
        organisations=access.authoring_organisations(request.user),
        initial={"organisation": custom.organisation, "text": custom.source.text},
    )
