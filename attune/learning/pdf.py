"""The certificate and the CPD record as PDFs."""

from __future__ import annotations

from django.utils import timezone

from attune.core.pdf import GREY, NHS_BLUE, TEXT, document


def certificate_pdf(certificate, verify_url: str) -> bytes:
    pdf = document("L", title=f"Certificate: {certificate.title}")
    pdf.add_page()
    pdf.set_draw_color(*NHS_BLUE)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_text_color(*NHS_BLUE)
    pdf.set_font("DejaVu", "B", 30)
    pdf.set_y(35)
    pdf.cell(0, 14, "Certificate", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*TEXT)
    pdf.set_font("DejaVu", "", 14)
    what = "completed the module" if certificate.kind == "module" else "attended the live training"
    pdf.ln(6)
    pdf.cell(0, 8, "This is to certify that", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 22)
    pdf.ln(2)
    pdf.multi_cell(0, 12, certificate.holder_name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 14)
    pdf.ln(2)
    pdf.cell(0, 8, what, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 18)
    pdf.ln(2)
    pdf.set_x(30)
    pdf.multi_cell(237, 10, certificate.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 13)
    pdf.ln(4)
    hours = f"{certificate.hours} hour{'s' if certificate.hours != 1 else ''} of continuing professional development"
    pdf.cell(0, 8, f"on {certificate.completed_on:%-d %B %Y}: {hours}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, f"Issued by {certificate.issuer}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*GREY)
    pdf.set_font("DejaVu", "", 11)
    pdf.set_y(172)
    pdf.cell(0, 6, f"Verification code: {certificate.display_code}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"Check it at {verify_url}", align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def record_pdf(learner, activities, totals: dict) -> bytes:
    pdf = document(title=f"CPD record: {learner.display_name}")
    pdf.add_page()
    pdf.set_text_color(*NHS_BLUE)
    pdf.set_font("DejaVu", "B", 20)
    pdf.cell(0, 10, "Continuing professional development record", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*TEXT)
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(
        0,
        7,
        f"{learner.display_name}, produced by Attune on {timezone.localdate():%-d %B %Y}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.cell(
        0,
        7,
        f"Total: {totals['hours']} hours ({totals['modules']} modules, {totals['sessions']} live sessions,"
        f" {totals['practice']} practice conversations)",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    with pdf.table(col_widths=(24, 26, 98, 14, 28), text_align=("LEFT", "LEFT", "LEFT", "RIGHT", "LEFT")) as table:
        pdf.set_font("DejaVu", "B", 10)
        table.row(["Date", "Type", "Activity", "Hours", "Detail"])
        pdf.set_font("DejaVu", "", 10)
        labels = {"module": "Module", "session": "Live training", "practice": "Practice", "reflection": "Reflection"}
        for activity in activities:
            table.row(
                [f"{activity.on:%d %b %Y}", labels[activity.kind], activity.title, str(activity.hours), activity.detail]
            )
    return bytes(pdf.output())
