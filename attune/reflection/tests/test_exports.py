"""NMC revalidation packs and CPD records: the files contain the right text, and only for the author."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from attune.reflection import services
from attune.reflection.models import RevalidationPack


def nmc_entries(author, count=5):
    return [
        services.entry_create(
            author=author,
            structure="nmc",
            title=f"Account {n}",
            parts={
                "event": f"Event number {n}.",
                "learning": f"Learning number {n}.",
                "change": f"Change number {n}.",
                "code": f"Code number {n}.",
            },
            tags=[],
            nmc_themes=["prioritise_people", "preserve_safety"],
        )
        for n in range(1, count + 1)
    ]


def pack_data(entries, **overrides):
    return {
        "entries": [e.pk for e in entries],
        "registrant_pin": "12a3456b",
        "partner_name": "A. Colleague",
        "partner_pin": "98Y1234E",
        "discussion_date": (date.today() - timedelta(days=3)).isoformat(),
    } | overrides


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_pack_needs_five_accounts_and_real_pins(world, signed_in):
    entries = nmc_entries(world.learner, 6)
    client = signed_in(world.learner)
    page = client.post(reverse("reflection:pack_new"), pack_data(entries[:4], partner_pin="123")).content.decode()
    assert "Choose exactly five reflective accounts: you chose 4" in page
    assert "Enter an NMC PIN as 2 numbers, a letter, 4 numbers and a letter" in page
    future = (date.today() + timedelta(days=2)).isoformat()
    assert (
        "cannot be in the future"
        in client.post(reverse("reflection:pack_new"), pack_data(entries[:5], discussion_date=future)).content.decode()
    )
    assert not RevalidationPack.objects.exists()


def test_the_pack_files_hold_every_account_and_the_discussion(world, signed_in):
    entries = nmc_entries(world.learner)
    client = signed_in(world.learner)
    response = client.post(reverse("reflection:pack_new"), pack_data(entries))
    pack = RevalidationPack.objects.get()
    assert response.url == reverse("reflection:pack", args=[pack.pk])
    assert pack.registrant_pin == "12A3456B"

    text = pdf_text(client.get(reverse("reflection:pack_download", args=[pack.pk, "pdf"])).content)
    docx = client.get(reverse("reflection:pack_download", args=[pack.pk, "docx"]))
    paragraphs = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    for content in (text, paragraphs):
        for n in range(1, 6):
            assert f"Reflective account {n} of 5: Account {n}" in content
            for word in ("Event", "Learning", "Change", "Code"):
                assert f"{word} number {n}." in content
        assert "A. Colleague, NMC PIN 98Y1234E" in content
        assert "Alice Learner, NMC PIN 12A3456B" in content
        assert "Prioritise people, Preserve safety" in content


def test_only_the_author_downloads_a_pack(world, signed_in, client):
    entries = nmc_entries(world.learner)
    signed_in(world.learner)
    client.post(reverse("reflection:pack_new"), pack_data(entries))
    pack = RevalidationPack.objects.get()
    for persona in ("supervisor", "facilitator", "admin", "outsider"):
        signed_in(getattr(world, persona))
        assert client.get(reverse("reflection:pack_download", args=[pack.pk, "pdf"])).status_code == 404


def test_cpd_records_mark_peer_reflection(world, signed_in):
    client = signed_in(world.learner)
    for title, peer in (("Supervision learning", "on"), ("Reading on shame", "")):
        client.post(
            reverse("reflection:new"),
            {"structure": "free", "title": title, "part_text": f"About {title.lower()}.", "cpd": "on",
             "cpd_hours": "1.5", "peer_reflection": peer},
        )  # fmt: skip
    client.post(reverse("reflection:new"), {"structure": "free", "title": "Not CPD", "part_text": "Private."})
    page = client.get(reverse("reflection:cpd")).content.decode()
    assert "2, of which 1 included peer reflection" in page and "Not CPD" not in page
    csv_text = client.get(reverse("reflection:cpd_download", args=["csv"])).content.decode()
    assert (
        "Supervision learning,Free writing,1.5,yes" in csv_text and "Reading on shame,Free writing,1.5,no" in csv_text
    )
    text = pdf_text(client.get(reverse("reflection:cpd_download", args=["pdf"])).content)
    assert "Peer reflection: yes" in text and "About reading on shame." in text
    # The general CPD record includes them too.
    record = client.get(reverse("learning:my_learning")).content.decode()
    assert "Supervision learning" in record and "with peer reflection" in record and "Not CPD" not in record


@pytest.mark.parametrize("kind", ["exe", "html"])
def test_unknown_formats_are_not_found(world, signed_in, kind):
    assert signed_in(world.learner).get(reverse("reflection:cpd_download", args=[kind])).status_code == 404
