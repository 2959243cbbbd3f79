"""A campaign report as a PDF, for a consultation meeting or a board paper.

The same figures and the same suppression as the web page: every chart in the page is a table here,
with the heatmap's shading backed by its number in every cell.
"""

from __future__ import annotations

from django.utils import timezone
from fpdf.fonts import FontFace

from attune.consultation.reports import Cell, Report, heat_band
from attune.core.pdf import GREY, TEXT, document, heading, paragraph

# Five shades of NHS blue for the heatmap, lowest to highest; text is white on the two darkest.
SHADES = [(232, 237, 238), (198, 221, 240), (140, 186, 226), (65, 133, 200), (0, 94, 184)]


def _number(value: float | None, places: int = 2) -> str:
    return "–" if value is None else f"{value:.{places}f}"


def _average(cell: Cell) -> str:
    if cell.mean is None:
        return "–"
    if cell.ci_low is None:
        return _number(cell.mean)
    return f"{cell.mean:.2f} ({cell.ci_low:.2f} to {cell.ci_high:.2f})"


def report_pdf(report: Report, *, visible_teams: set[str]) -> bytes:
    campaign, instrument = report.campaign, report.instrument
    subscales = instrument.subscales
    low, high = instrument.score_range
    pdf = document("L", title=f"Survey report: {campaign.title}")
    pdf.add_page()

    heading(pdf, campaign.title, 18)
    paragraph(
        pdf, f"{instrument.title} · {report.n} responses · closes {timezone.localtime(campaign.closes_at):%-d %B %Y}"
    )
    paragraph(
        pdf,
        f"Scores run from {low:.0f} to {high:.0f}; higher is better. Any group smaller than {report.minimum} "
        f"people, or one that could be worked out from the others, is not shown.",
        9,
        GREY,
    )

    heading(pdf, "The whole survey")
    header = FontFace(emphasis="BOLD", fill_color=(240, 244, 245))
    with pdf.table(col_widths=(60, 25, 60, 30, 40), headings_style=header, line_height=6) as table:
        table.row(["Subscale", "People", "Average (95% CI)", "Favourable", "Reliability (alpha)"])
        for s in subscales:
            cell = report.overall[s.id]
            favourable = "–" if cell.favourable is None else f"{cell.favourable:.0f}%"
            table.row([s.name, str(cell.n), _average(cell), favourable, _number(report.reliability.get(s.id))])

    points = sorted(instrument.scale.points, key=lambda p: p.value)
    paragraph(pdf, "How people answered: the share of each subscale's answers at each point of the scale.", 9, GREY)
    with pdf.table(headings_style=header, line_height=5) as table:
        table.row(["Subscale", *[p.label for p in points]])
        for s in subscales:
            table.row([s.name, *[f"{share:.0f}%" for share in report.distribution.get(s.id, [])]])

    rows = [(name, cells) for name, cells in report.teams if name in visible_teams]
    if rows:
        heading(pdf, "Teams")
        paragraph(pdf, "Average score by team and subscale, with agreement rwg(j) from 0 (chance) to 1 (complete). "
                  "Darker cells are higher.", 9, GREY)  # fmt: skip
        with pdf.table(headings_style=header, line_height=5) as table:
            table.row(["Team", *[s.name for s in subscales]])
            for name, cells in rows:
                row = table.row()
                row.cell(name)
                if cells is None:
                    row.cell("Not shown: too few people to keep answers anonymous", colspan=len(subscales))
                    continue
                for s in subscales:
                    cell = cells[s.id]
                    text = _number(cell.mean)
                    if cell.agreement is not None:
                        text += f"\nagreement {cell.agreement:.2f}"
                    shade = heat_band(cell.mean, low, high)
                    style = None
                    if shade is not None:
                        style = FontFace(fill_color=SHADES[shade], color=(255, 255, 255) if shade >= 3 else TEXT)
                    row.cell(text, style=style)

    for title, breakdown in report.breakdowns.items():
        heading(pdf, f"By {title.lower()}")
        with pdf.table(headings_style=header, line_height=6) as table:
            table.row([title, *[s.name for s in subscales]])
            for name, cells in breakdown:
                if cells is None:
                    row = table.row([name])
                    row.cell("Not shown", colspan=len(subscales))
                else:
                    table.row([name, *[_number(cells[s.id].mean) for s in subscales]])

    if report.change:
        heading(pdf, f"Change since {campaign.repeats.title}")
        with pdf.table(col_widths=(60, 70, 50), headings_style=header, line_height=6) as table:
            table.row(["Subscale", "Change (95% CI)", "Effect size (Hedges' g)"])
            for s in subscales:
                c = report.change.get(s.id)
                if c is None:
                    table.row([s.name, "–", "–"])
                else:
                    change = f"{c.difference:+.2f} ({c.ci_low:.2f} to {c.ci_high:.2f})"
                    table.row([s.name, change, f"{c.hedges_g:.2f}"])

    heading(pdf, "Comments")
    if report.themes:
        for theme in report.themes:
            pdf.set_font("DejaVu", "B", 10)
            pdf.multi_cell(0, 6, f"{theme.label[:1].upper()}{theme.label[1:]} ({theme.size})", new_x="LMARGIN",
                           new_y="NEXT")  # fmt: skip
            pdf.set_font("DejaVu", "", 10)
            for text in theme.comments:
                pdf.multi_cell(0, 5, f"• {text}", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    else:
        paragraph(pdf, "Comments are shown once at least 10 people have written one.")
    pdf.ln(4)
    paragraph(pdf, f"Produced by Attune on {timezone.localdate():%-d %B %Y}. {instrument.citation}", 8, GREY)
    return bytes(pdf.output())
