"""Learn: the module list, module pages, knowledge checks and a learner's own progress.

Modules are free and open: anyone can read them and try the knowledge check. Signed-in learners also
get their progress, resume and completion recorded.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render

from attune.learning import selectors, services
from attune.learning.forms import CheckForm
from attune.learning.library import all_modules, get_module_or_404
from attune.learning.models import ModuleProgress
from attune.learning.modules import TOPICS
from attune.rehearsal.library import builtin_entries


def _progress(request, module) -> ModuleProgress | None:
    if not request.user.is_authenticated:
        return None
    return ModuleProgress.objects.filter(learner=request.user, module=module.slug).first()


@login_not_required
def catalogue(request):
    modules = all_modules()
    progress = {}
    if request.user.is_authenticated:
        progress = {p.module: p for p in ModuleProgress.objects.filter(learner=request.user)}
    rows = [{"module": m, "progress": progress.get(m.slug), "topic": TOPICS[m.meta.topic]} for m in modules]
    return render(request, "learning/catalogue.html", {"rows": rows})


@login_not_required
def module_overview(request, slug):
    module = get_module_or_404(slug)
    scenarios = {e.key: e for e in builtin_entries()}
    return render(
        request,
        "learning/module.html",
        {
            "module": module,
            "progress": _progress(request, module),
            "topic": TOPICS[module.meta.topic],
            "scenarios": [scenarios[key] for key in module.meta.scenarios if key in scenarios],
        },
    )


@login_not_required
def module_section(request, slug, number):
    module = get_module_or_404(slug)
    if not 1 <= number <= len(module.sections):
        raise Http404("No such section")
    section = module.sections[number - 1]
    if request.user.is_authenticated:
        services.module_section_viewed(learner=request.user, module=module, section=number)
    return render(
        request,
        "learning/section.html",
        {
            "module": module,
            "section": section,
            "previous": module.sections[number - 2] if number > 1 else None,
            "next": module.sections[number] if number < len(module.sections) else None,
        },
    )


@login_not_required
def module_check(request, slug):
    module = get_module_or_404(slug)
    form = CheckForm(request.POST or None, module=module)
    if request.method == "POST" and form.is_valid():
        answers = {question.id: form.cleaned_data[question.id] for question in module.meta.check.questions}
        if request.user.is_authenticated:
            _, marked = services.check_attempt_create(learner=request.user, module=module, answers=answers)
        else:
            marked = module.mark(answers)
        return render(
            request,
            "learning/check_result.html",
            {"module": module, "marked": marked, "progress": _progress(request, module)},
        )
    attempts = selectors.attempts_for(request.user, module.slug) if request.user.is_authenticated else []
    return render(
        request,
        "learning/check.html",
        {"module": module, "form": form, "attempts": attempts},
        status=400 if form.errors else 200,
    )


def my_learning(request):
    return render(request, "learning/progress.html", selectors.learning_record(request.user))
