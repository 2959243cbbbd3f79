"""The CPD record, its exports, certificates, and checking a certificate's code."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attune.learning.models import Booking, Certificate, ModuleProgress, TrainingSession

pytestmark = pytest.mark.usefixtures("content_with_module")


@pytest.fixture
def record(world):
    """The learner has completed a module, attended a session and missed another."""
    learner = world.learner
    learner.display_name = "Zoë Ó'Brien"
    learner.save()
    now = timezone.now()
    ModuleProgress.objects.create(
        learner=learner, module="small", title="A small module", sections_seen=[1, 2], seconds_spent=420,
        completed_at=now - timedelta(days=2), last_seen_at=now,
    )  # fmt: skip
    sessions = [
        TrainingSession.objects.create(
            organisation=world.trust,
            facilitator=world.facilitator,
            title=title,
            description="-",
            mode="online",
            meeting_link="https://meet.example/x",
            starts_at=now - timedelta(days=5),
            ends_at=now - timedelta(days=5) + timedelta(hours=2),
            capacity=10,
            booking_deadline=now - timedelta(days=6),
            cpd_hours=2,
        )  # fmt: skip
        for title in ("=SUM(A1) Attended session", "Missed session")
    ]
    Booking.objects.create(session=sessions[0], learner=learner, status="confirmed", confirmed_at=now, attended=True)
    Booking.objects.create(session=sessions[1], learner=learner, status="confirmed", confirmed_at=now, attended=False)
    return sessions


def test_the_record_lists_what_counts_with_hours(world, signed_in, record):
    page = signed_in(world.learner).get(reverse("learning:my_learning")).content.decode()
    assert "A small module" in page and "=SUM(A1) Attended session" in page
    assert "Missed session" not in page
    assert '<dd class="nhsuk-summary-list__value">2.1</dd>' in page  # 5 minutes' module (0.1) + 2 hours


def test_the_csv_export_has_every_activity_and_cannot_run_formulas(world, signed_in, record):
    response = signed_in(world.learner).get(reverse("learning:record_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["date", "type", "activity", "hours", "detail", "certificate"]
    assert {row[2] for row in rows[1:]} == {"A small module", "'=SUM(A1) Attended session"}


def test_the_pdf_record_is_a_pdf_even_with_any_name(world, signed_in, record):
    response = signed_in(world.learner).get(reverse("learning:record_pdf"))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_a_certificate_is_issued_once_and_anyone_can_check_its_code(world, signed_in, client, record):
    signed_in(world.learner)
    issue = reverse("learning:certificate_issue", args=["session", str(record[0].pk)])
    first = client.post(issue)
    again = client.post(issue)
    certificate = Certificate.objects.get()
    assert first.url == again.url == reverse("learning:certificate_pdf", args=[certificate.code])
    pdf = client.get(first.url)
    assert pdf.content.startswith(b"%PDF")
    assert certificate.issuer == "Test NHS Trust, through Attune" and certificate.hours == 2

    client.logout()
    typed = f"{certificate.code[:5].lower()}-{certificate.code[5:]}"
    page = client.get(reverse("learning:verify"), {"code": typed}).content.decode()
    assert "This certificate is genuine." in page and "Zoë Ó&#x27;Brien" in page
    wrong = client.get(reverse("learning:verify"), {"code": "AAAAA-BBBBB"})
    assert wrong.status_code == 404 and "No certificate has that code" in wrong.content.decode()


def test_no_certificate_for_what_was_not_done(world, signed_in, client, record):
    signed_in(world.learner)
    assert client.post(reverse("learning:certificate_issue", args=["session", str(record[1].pk)])).status_code == 404
    assert client.post(reverse("learning:certificate_issue", args=["practice", "x"])).status_code == 404
    assert client.post(reverse("learning:certificate_issue", args=["module", "other"])).status_code == 404
    assert not Certificate.objects.exists()


def test_only_the_holder_downloads_the_certificate(world, signed_in, client, record):
    signed_in(world.learner)
    client.post(reverse("learning:certificate_issue", args=["module", "small"]))
    certificate = Certificate.objects.get()
    assert certificate.issuer == "Attune bitesize modules"
    signed_in(world.lead)
    assert client.get(reverse("learning:certificate_pdf", args=[certificate.code])).status_code == 404
