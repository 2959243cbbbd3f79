"""Revalidation and CPD exports from the journal: the NMC pack (PDF and an editable DOCX), Social Work
England CPD records, and a general CPD list.

The NMC pack follows the structure of the NMC's revalidation forms (five written reflective accounts,
each answering the same four questions, and a record of the reflective discussion); the wording here is
Attune's own. Nothing is sent anywhere: the author downloads the files and submits them themselves.
"""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document
from docx.shared import Pt

from attune.core.pdf import GREY, NHS_BLUE, TEXT, document
from attune.reflection.structures import NMC_THEMES, parts_of

DISCLAIMER = (
    "Prepared with Attune to support NMC revalidation. Check it against the NMC's current guidance and "
    "forms before you submit, and make sure it contains nothing that could identify a patient or service user."
)
DISCUSSION_CONFIRMATION = (
    "We confirm that we met and discussed the five written reflective accounts listed here, and how they "
    "relate to the Code."
)


def _accounts(pack):
    for number, entry in enumerate(pack.entries(), 1):
        answers = [(part.label, entry.parts.get(part.key, "")) for part in parts_of("nmc")]
        themes = [NMC_THEMES[t] for t in entry.data.get("nmc_themes", []) if t in NMC_THEMES]
        yield number, entry, answers, themes


def nmc_pack_docx(pack) -> bytes:
    author = pack.author
    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading("NMC revalidation: reflective accounts and reflective discussion", level=0)
    doc.add_paragraph(f"{author.display_name}, NMC PIN {pack.registrant_pin}")
    doc.add_paragraph().add_run(DISCLAIMER).italic = True
    for number, entry, answers, themes in _accounts(pack):
        doc.add_heading(f"Reflective account {number} of 5: {entry.title}", level=1)
        for label, text in answers:
            doc.add_heading(label, level=2)
            doc.add_paragraph(text or "(not answered)")
        doc.add_paragraph("Themes of the Code: " + (", ".join(themes) or "(none chosen)"))
    doc.add_page_break()
    doc.add_heading("Reflective discussion", level=1)
    for label, value in _discussion_rows(pack):
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    doc.add_paragraph(DISCUSSION_CONFIRMATION)
    doc.add_paragraph(
        "Signed (registrant): ____________________    Signed (reflective discussion partner): ____________________"
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _discussion_rows(pack) -> list[tuple[str, str]]:
    return [
        ("Registrant", f"{pack.author.display_name}, NMC PIN {pack.registrant_pin}"),
        ("Reflective discussion partner", f"{pack.partner_name}, NMC PIN {pack.partner_pin}"),
        ("Date of the discussion", f"{pack.discussion_date:%-d %B %Y}"),
    ]


def nmc_pack_pdf(pack) -> bytes:
    pdf = document(title="NMC revalidation: reflective accounts and discussion")
    pdf.add_page()

    def heading(text, size=16):
        pdf.set_text_color(*NHS_BLUE)
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*TEXT)
        pdf.set_font("DejaVu", "", 11)

    heading("NMC revalidation: reflective accounts and reflective discussion", 18)
    pdf.multi_cell(0, 6, f"{pack.author.display_name}, NMC PIN {pack.registrant_pin}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*GREY)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, DISCLAIMER, new_x="LMARGIN", new_y="NEXT")
    for number, entry, answers, themes in _accounts(pack):
        pdf.add_page()
        heading(f"Reflective account {number} of 5: {entry.title}")
        for label, text in answers:
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", 11)
            pdf.multi_cell(0, 6, label, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 11)
            pdf.multi_cell(0, 6, text or "(not answered)", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.multi_cell(
            0, 6, "Themes of the Code: " + (", ".join(themes) or "(none chosen)"), new_x="LMARGIN", new_y="NEXT"
        )
    pdf.add_page()
    heading("Reflective discussion")
    for label, value in _discussion_rows(pack):
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(70, 7, label)
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.multi_cell(0, 6, DISCUSSION_CONFIRMATION, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    pdf.multi_cell(0, 6, "Signed (registrant): ______________________", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(
        0, 6, "Signed (reflective discussion partner): ______________________", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_text_color(*GREY)
    pdf.set_font("DejaVu", "", 9)
    pdf.ln(6)
    pdf.cell(0, 5, f"Produced by Attune on {timezone.localdate():%-d %B %Y}")
    return bytes(pdf.output())


def cpd_records_pdf(author, entries) -> bytes:
    """CPD records from the journal, each marked with whether it included peer reflection (the
    distinction Social Work England asks registrants to make)."""
    pdf = document(title=f"CPD records: {author.display_name}")
    pdf.add_page()
    pdf.set_text_color(*NHS_BLUE)
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(0, 10, "CPD records", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*TEXT)
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(
        0,
        7,
        f"{author.display_name}, produced by Attune on {timezone.localdate():%-d %B %Y}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    peer = sum(1 for e in entries if e.data.get("peer_reflection"))
    pdf.cell(0, 7, f"{len(entries)} records, {peer} with peer reflection", new_x="LMARGIN", new_y="NEXT")
    for entry in entries:
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(
            0, 7, f"{timezone.localdate(entry.created_at):%-d %B %Y}: {entry.title}", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_font("DejaVu", "", 10)
        pdf.set_text_color(*GREY)
        hours = entry.data.get("cpd_hours")
        pdf.cell(
            0, 6,
            ("Peer reflection: yes" if entry.data.get("peer_reflection") else "Peer reflection: no")
            + (f" · {hours} hours" if hours else ""),
            new_x="LMARGIN", new_y="NEXT",
        )  # fmt: skip
        pdf.set_text_color(*TEXT)
        pdf.set_font("DejaVu", "", 11)
        for part in parts_of(entry.structure):
            text = entry.parts.get(part.key, "")
            if text:
                pdf.set_font("DejaVu", "B", 10)
                pdf.multi_cell(0, 6, part.label, new_x="LMARGIN", new_y="NEXT")
                pdf.set_font("DejaVu", "", 10)
                pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
