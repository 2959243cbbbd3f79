"""The journal: write, read, change, delete and share reflections; a supervisor reads what is shared."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from attune.audit.models import AuditAction
from attune.audit.services import audit_record
from attune.core.exports import csv_safe
from attune.reflection import access, exports, identifiers, services
from attune.reflection.forms import EntryForm, RevalidationPackForm, ShareForm
from attune.reflection.models import EntryShare, JournalEntry
from attune.reflection.structures import STRUCTURES, label_of, parts_of


@never_cache
def journal(request):
    entries = list(JournalEntry.objects.filter(author=request.user))
    tag = request.GET.get("tag", "").strip().lower()
    all_tags = sorted({t for e in entries for t in e.tags})
    if tag:
        entries = [e for e in entries if tag in e.tags]
    shared = set(
        EntryShare.objects.filter(entry__author=request.user, withdrawn_at=None).values_list("entry_id", flat=True)
    )
    return render(
        request,
        "reflection/journal.html",
        {"entries": entries, "tags": all_tags, "tag": tag, "shared": shared, "structures": STRUCTURES},
    )


def _prefill(request) -> tuple[dict, dict]:
    """A starting point when the entry comes from a practice debrief or a module."""
    links, initial = {}, {}
    conversation_id = request.GET.get("conversation") or request.POST.get("conversation")
    module_slug = request.GET.get("module") or request.POST.get("module")
    if conversation_id:
        from attune.rehearsal.access import get_own_conversation_or_404
        from attune.rehearsal.services import conversation_debrief, reflection_draft

        conversation = get_own_conversation_or_404(request.user, conversation_id)
        links["conversation"] = conversation
        if request.method == "GET":
            initial = {
                "title": f"Practice: {conversation.scenario_title}",
                "part_text": reflection_draft(conversation, conversation_debrief(conversation)),
            }
    elif module_slug:
        from attune.learning.library import get_module_or_404

        module = get_module_or_404(module_slug)
        links["module"] = module.slug
        initial = {"title": f"Reflection on “{module.title}”"}
        links["prompt"] = module.meta.reflection
    return links, initial


@never_cache
def entry_new(request):
    structure = request.GET.get("structure") or request.POST.get("structure")
    links, initial = _prefill(request)
    if structure not in STRUCTURES:
        if links.get("conversation"):
            structure = "free"
        else:
            return render(
                request, "reflection/choose.html", {"structures": STRUCTURES, "query": request.GET.urlencode()}
            )
    prompt = links.pop("prompt", "")
    if links.get("conversation"):
        initial["about"] = f"conversation:{links['conversation'].pk}"
    elif links.get("module"):
        initial["about"] = f"module:{links['module']}"
    form = EntryForm(request.POST or None, structure=structure, author=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        findings = identifiers.find(form.text_to_check())
        if findings and not request.POST.get("save_anyway"):
            return _with_findings(request, form, structure, findings, None, prompt)
        entry = services.entry_create(author=request.user, structure=structure, **form.values, **form.links)
        messages.success(request, "Saved in your journal. Only you can see it.")
        return redirect("reflection:entry", entry.pk)
    return render(
        request,
        "reflection/form.html",
        {"form": form, "structure": structure, "structure_label": label_of(structure), "entry": None,
         "links": links, "prompt": prompt},
        status=400 if form.errors else 200,
    )  # fmt: skip


def _with_findings(request, form, structure, findings, entry, prompt=""):
    return render(
        request,
        "reflection/form.html",
        {"form": form, "structure": structure, "structure_label": label_of(structure), "entry": entry,
         "findings": findings, "prompt": prompt},
    )  # fmt: skip


@never_cache
def entry_detail(request, pk):
    entry = access.get_own_entry_or_404(request.user, pk)
    supervisors = access.supervisors_for(request.user)
    active = list(entry.shares.filter(withdrawn_at=None).select_related("supervisor"))
    return render(
        request,
        "reflection/entry.html",
        {
            "entry": entry,
            "parts": [(part, entry.parts.get(part.key, "")) for part in parts_of(entry.structure)],
            "structure_label": label_of(entry.structure),
            "shares": active,
            "share_form": ShareForm(supervisors=supervisors.exclude(pk__in=[s.supervisor_id for s in active])),
        },
    )


@never_cache
def entry_edit(request, pk):
    entry = access.get_own_entry_or_404(request.user, pk)
    data = entry.data
    initial = {
        "title": entry.title,
        "tags": ", ".join(entry.tags),
        "nmc_themes": data.get("nmc_themes", []),
        "cpd": data.get("cpd", False),
        "cpd_hours": data.get("cpd_hours"),
        "peer_reflection": data.get("peer_reflection", False),
        "about": entry.about,
    }
    initial |= {f"part_{key}": text for key, text in entry.parts.items()}
    form = EntryForm(request.POST or None, structure=entry.structure, author=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        findings = identifiers.find(form.text_to_check())
        if findings and not request.POST.get("save_anyway"):
            return _with_findings(request, form, entry.structure, findings, entry)
        services.entry_update(entry=entry, **form.values, **form.links)
        messages.success(request, "Saved.")
        return redirect("reflection:entry", entry.pk)
    return render(
        request,
        "reflection/form.html",
        {"form": form, "structure": entry.structure, "structure_label": label_of(entry.structure), "entry": entry},
        status=400 if form.errors else 200,
    )


@never_cache
def entry_delete(request, pk):
    entry = access.get_own_entry_or_404(request.user, pk)
    if request.method == "POST":
        services.entry_delete(entry=entry)
        messages.success(request, "The entry is deleted.")
        return redirect("reflection:journal")
    return render(request, "reflection/delete.html", {"entry": entry})


@require_POST
def entry_share(request, pk):
    entry = access.get_own_entry_or_404(request.user, pk)
    form = ShareForm(request.POST, supervisors=access.supervisors_for(request.user))
    if form.is_valid():
        supervisor = form.cleaned_data["supervisor"]
        services.entry_share(entry=entry, supervisor=supervisor)
        messages.success(
            request, f"{supervisor.display_name} can now read this entry. You can stop sharing at any time."
        )
    return redirect("reflection:entry", entry.pk)


@require_POST
def entry_unshare(request, pk, supervisor_id):
    entry = access.get_own_entry_or_404(request.user, pk)
    share = entry.shares.filter(supervisor_id=supervisor_id, withdrawn_at=None).select_related("supervisor").first()
    if share is None:
        raise Http404("Not shared")
    services.entry_unshare(entry=entry, supervisor=share.supervisor)
    messages.success(request, f"{share.supervisor.display_name} can no longer read this entry.")
    return redirect("reflection:entry", entry.pk)


@never_cache
def shared_with_me(request):
    return render(request, "reflection/shared_list.html", {"entries": access.shared_with(request.user)})


@never_cache
def shared_entry(request, pk):
    entry = access.get_shared_entry_or_404(request.user, pk)
    audit_record(
        actor=request.user, action=AuditAction.VIEWED, obj=entry,
        organisation=services.shared_organisation(entry.author, request.user),
    )  # fmt: skip
    return render(
        request,
        "reflection/shared_entry.html",
        {
            "entry": entry,
            "parts": [(part, entry.parts.get(part.key, "")) for part in parts_of(entry.structure)],
            "structure_label": label_of(entry.structure),
        },
    )


@never_cache
def packs(request):
    return render(request, "reflection/packs.html", {"packs": request.user.revalidation_packs.all()})


@never_cache
def pack_new(request):
    form = RevalidationPackForm(request.POST or None, author=request.user)
    if request.method == "POST" and form.is_valid():
        pack = services.pack_create(author=request.user, **form.cleaned_data)
        messages.success(request, "Your revalidation pack is ready to download.")
        return redirect("reflection:pack", pack.pk)
    return render(request, "reflection/pack_form.html", {"form": form}, status=400 if form.errors else 200)


def _own_pack_or_404(user, pk):
    pack = user.revalidation_packs.filter(pk=pk).first()
    if pack is None:
        raise Http404("No such pack")
    return pack


@never_cache
def pack_detail(request, pk):
    return render(request, "reflection/pack.html", {"pack": _own_pack_or_404(request.user, pk)})


@never_cache
def pack_download(request, pk, kind):
    pack = _own_pack_or_404(request.user, pk)
    if kind not in ("pdf", "docx"):
        raise Http404("No such format")
    if kind == "pdf":
        response = HttpResponse(exports.nmc_pack_pdf(pack), content_type="application/pdf")
    else:
        response = HttpResponse(
            exports.nmc_pack_docx(pack),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = f'attachment; filename="nmc-revalidation.{kind}"'
    return response


def _cpd_entries(user) -> list[JournalEntry]:
    return [e for e in JournalEntry.objects.filter(author=user).order_by("created_at") if e.data.get("cpd")]


@never_cache
def cpd_records(request):
    entries = _cpd_entries(request.user)
    return render(
        request,
        "reflection/cpd.html",
        {"entries": entries, "peer": sum(1 for e in entries if e.data.get("peer_reflection"))},
    )


@never_cache
def cpd_records_download(request, kind):
    if kind not in ("pdf", "csv"):
        raise Http404("No such format")
    entries = _cpd_entries(request.user)
    if kind == "pdf":
        response = HttpResponse(exports.cpd_records_pdf(request.user, entries), content_type="application/pdf")
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.writer(response)
        writer.writerow(["date", "title", "structure", "hours", "peer_reflection", "reflection"])
        for entry in entries:
            text = "\n\n".join(t for t in entry.parts.values() if t)
            writer.writerow(
                [
                    timezone.localdate(entry.created_at).isoformat(),
                    csv_safe(entry.title),
                    entry.get_structure_display(),
                    entry.data.get("cpd_hours") or "",
                    "yes" if entry.data.get("peer_reflection") else "no",
                    csv_safe(text),
                ]
            )
    response["Content-Disposition"] = f'attachment; filename="cpd-records.{kind}"'
    return response
