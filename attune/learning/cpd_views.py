"""The CPD record, its exports, certificates, and the public page that checks a certificate."""

import csv
import re

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from attune.core.exports import csv_safe
from attune.learning import cpd
from attune.learning.models import Booking, Certificate
from attune.learning.pdf import certificate_pdf, record_pdf

MODULE_ISSUER = "Attune bitesize modules"


def _totals(activities) -> dict:
    return {
        "hours": sum((a.hours for a in activities), start=cpd.Decimal("0")),
        "modules": sum(a.kind == "module" for a in activities),
        "sessions": sum(a.kind == "session" for a in activities),
        "practice": sum(a.kind == "practice" for a in activities),
    }


def record_csv(request):
    activities = cpd.activities(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cpd-record.csv"'
    writer = csv.writer(response)
    writer.writerow(["date", "type", "activity", "hours", "detail", "certificate"])
    codes = {(c.kind, c.reference): c.display_code for c in Certificate.objects.filter(learner=request.user)}
    for activity in activities:
        writer.writerow(
            [
                activity.on.isoformat(),
                activity.kind,
                csv_safe(activity.title),
                activity.hours,
                csv_safe(activity.detail),
                codes.get((activity.kind, activity.reference), ""),
            ]
        )
    return response


def record_pdf_view(request):
    activities = cpd.activities(request.user)
    response = HttpResponse(record_pdf(request.user, activities, _totals(activities)), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="cpd-record.pdf"'
    return response


@require_POST
def certificate_issue(request, kind, reference):
    activity = next(
        (
            a
            for a in cpd.activities(request.user)
            if a.kind == kind and a.reference == reference and kind in ("module", "session")
        ),
        None,
    )
    if activity is None:
        raise Http404("Nothing to certify")
    if kind == "session":
        booking = (
            Booking.objects.select_related("session__organisation")
            .filter(learner=request.user, session_id=int(reference), attended=True, status="confirmed")
            .first()
        )
        if booking is None:
            raise Http404("Nothing to certify")
        issuer = f"{booking.session.organisation.name}, through Attune"
    else:
        issuer = MODULE_ISSUER
    certificate = cpd.certificate_for(learner=request.user, activity=activity, issuer=issuer)
    return redirect("learning:certificate_pdf", certificate.code)


def certificate_download(request, code):
    try:
        certificate = Certificate.objects.get(code=code, learner=request.user)
    except Certificate.DoesNotExist:
        raise Http404("No such certificate") from None
    verify_url = settings.SITE_URL + reverse("learning:verify")
    response = HttpResponse(certificate_pdf(certificate, verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.display_code}.pdf"'
    return response


@login_not_required
def verify(request):
    """Anyone can check a certificate by its code; the page shows only what the certificate says."""
    typed = request.GET.get("code", "")
    code = re.sub(r"[^A-Za-z0-9]", "", typed).upper()
    certificate = Certificate.objects.filter(code=code).first() if len(code) == 10 else None
    return render(
        request,
        "learning/verify.html",
        {"typed": typed, "checked": bool(typed), "certificate": certificate},
        status=404 if typed and certificate is None else 200,
    )
