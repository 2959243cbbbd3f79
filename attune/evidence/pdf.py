"""The evaluation report as a PDF a commissioner can read: the same figures as the page, charts as
tables."""

from __future__ import annotations

from django.utils import timezone
from fpdf.fonts import FontFace

from attune.core.pdf import GREY, document, heading, paragraph
from attune.evidence.outcomes import ProgrammeOutcome


def _signed(value: float | None, places: int = 2) -> str:
    return "–" if value is None else f"{value:+.{places}f}"


def _number(value: float | None, places: int = 2) -> str:
    return "–" if value is None else f"{value:.{places}f}"


def report_pdf(outcome: ProgrammeOutcome, examples: list[str]) -> bytes:
    programme = outcome.programme
    pdf = document(title=f"Evaluation: {programme.title}")
    pdf.add_page()
    header = FontFace(emphasis="BOLD", fill_color=(240, 244, 245))

    heading(pdf, f"Evaluation: {programme.title}", 18)
    teams = ", ".join(t.name for t in programme.teams.all())
    paragraph(
        pdf,
        f"{programme.organisation.name}. {programme.starts_on:%-d %B %Y} to {programme.ends_on:%-d %B %Y}, "
        f"follow-up from {programme.follow_up_on:%-d %B %Y}. {outcome.enrolled} people enrolled from {teams}.",
    )
    if programme.description:
        paragraph(pdf, programme.description)
    paragraph(
        pdf,
        f"Every figure describes at least {outcome.minimum} people. Changes are worked out from the people who "
        "answered both before and after, with a 95% confidence interval. Effect sizes are Hedges' g_av (the change "
        "over the average spread before and after, corrected for small groups) and g_z (over the spread of the "
        "changes). The measures were written for Attune and have not yet been validated against established scales.",
        9,
        GREY,
    )

    heading(pdf, "Summary by level of evaluation (Kirkpatrick)")
    for level, lines in outcome.summary.items():
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 6, level.capitalize(), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        if not lines:
            paragraph(pdf, "Not measured yet, or too few answers to show.", 9, GREY)
        for label, text in lines:
            pdf.multi_cell(0, 5, f"• {label}: {text}", new_x="LMARGIN", new_y="NEXT")

    for measure in outcome.measures:
        heading(pdf, measure.instrument.title)
        answered = measure.answered
        paragraph(
            pdf,
            f"Answered before by {answered['baseline']}, at the end by {answered['end']} and at follow-up by "
            f"{answered['follow_up']} of {outcome.enrolled} people.",
            9,
            GREY,
        )
        for subscale in measure.subscales:
            pdf.set_font("DejaVu", "B", 11)
            pdf.multi_cell(0, 6, f"{subscale.name} ({subscale.low:.0f} to {subscale.high:.0f})", new_x="LMARGIN",
                           new_y="NEXT")  # fmt: skip
            pdf.set_font("DejaVu", "", 10)
            if subscale.occasions:
                with pdf.table(col_widths=(50, 20, 70, 20), headings_style=header, line_height=6) as table:
                    table.row(["When", "People", "Average (95% CI)", "SD"])
                    for label, d in subscale.occasions:
                        interval = f" ({d.ci_low:.2f} to {d.ci_high:.2f})" if d.ci_low is not None else ""
                        table.row([label, str(d.n), f"{d.mean:.2f}{interval}", _number(d.sd)])
            with pdf.table(col_widths=(45, 30, 60, 18, 18, 18), headings_style=header, line_height=6) as table:
                table.row(["Change", "Both times", "Average change (95% CI)", "g_av", "g_z", "r"])
                for change in subscale.changes:
                    both = f"{change.missing.completers} of {change.missing.total}"
                    p = change.paired
                    if p is None:
                        row = table.row([change.label, both])
                        row.cell(change.withheld, colspan=4)
                        continue
                    average = _signed(p.mean_difference)
                    if p.ci_low is not None:
                        average += f" ({p.ci_low:.2f} to {p.ci_high:.2f})"
                    if p.reason:
                        average += f"\n{p.reason}"
                    table.row([change.label, both, average, _number(p.g_av), _number(p.g_z), _number(p.r)])
            if subscale.reliable:
                counts = ", ".join(f"{n} {category}" for category, n in subscale.reliable.items())
                paragraph(pdf, f"Reliable change (Jacobson and Truax, 1991): {counts}.", 9)

    heading(pdf, "Practice")
    for item in outcome.practice:
        c = item.change
        if c is not None and c.mean_difference is not None:
            paragraph(pdf, f"{item.metric}: from {c.mean_before:.0f}% in each person's first conversation to "
                      f"{c.mean_after:.0f}% in their latest ({item.people} people).")  # fmt: skip
        else:
            paragraph(
                pdf, f"{item.metric}: {item.people} people practised at least twice; shown from {outcome.minimum}."
            )

    heading(pdf, "Taking part")
    part = outcome.taking_part
    for title, rows, columns in (
        ("Live sessions", part.sessions, ("Session", "Booked", "Attended")),
        ("Modules", part.modules, ("Module", "Started", "Completed")),
        ("Reflective groups", part.groups, ("Group", "Sessions held", "Came at least once")),
    ):
        if rows:
            pdf.set_font("DejaVu", "B", 10)
            pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
            with pdf.table(col_widths=(100, 40, 40), headings_style=header, line_height=6) as table:
                table.row(list(columns))
                for row in rows:
                    table.row([str(value) for value in row])
    if part.supervised is not None:
        paragraph(pdf, f"{part.supervised} of {outcome.enrolled} people had at least one supervision session.")
    if part.scenarios:
        paragraph(
            pdf, "Practice scenarios finished: " + "; ".join(f"{t} ({n} people)" for t, n in part.scenarios) + "."
        )

    if outcome.reaction.useful is not None:
        heading(pdf, "How the sessions were received")
        r = outcome.reaction
        paragraph(
            pdf,
            f"{r.n} feedback forms: usefulness {r.useful:.1f} of 5, confidence afterwards {r.confident:.1f} of 5, "
            f"{r.recommend:.0f}% would recommend them.",
        )
    if outcome.climate:
        heading(pdf, "Team climate before and after")
        paragraph(pdf, "Anonymous surveys, compared as two groups (Welch's interval, Hedges' g).", 9, GREY)
        for name, c in outcome.climate:
            if c is not None:
                paragraph(pdf, f"{name}: {c.difference:+.2f} ({c.ci_low:.2f} to {c.ci_high:.2f}), g {c.hedges_g:.2f}")
    if examples:
        heading(pdf, "In people's own words")
        for text in examples:
            pdf.multi_cell(0, 5, f"• {text}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    paragraph(pdf, f"Produced by Attune on {timezone.localdate():%-d %B %Y}.", 8, GREY)
    return bytes(pdf.output())
