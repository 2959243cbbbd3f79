"""PDF documents in Attune's style: fpdf2 with DejaVu Sans, from Debian's fonts-dejavu-core.

DejaVu covers Latin, Greek, Cyrillic, Arabic and Hebrew letters, but not Chinese, Japanese or Korean
characters. `make install` adds the font package if it is missing.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from fpdf import FPDF

NHS_BLUE = (0, 94, 184)
TEXT = (33, 43, 50)
GREY = (76, 98, 114)


class FontMissing(RuntimeError):
    pass


def document(orientation: str = "P", *, title: str = "") -> FPDF:
    font_dir = Path(settings.ATTUNE_PDF_FONT_DIR)
    regular, bold = font_dir / "DejaVuSans.ttf", font_dir / "DejaVuSans-Bold.ttf"
    if not regular.exists() or not bold.exists():
        raise FontMissing(f"{regular} is missing: install Debian's fonts-dejavu-core (make install does).")
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.set_creator("Attune")
    if title:
        pdf.set_title(title)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_auto_page_break(auto=True, margin=18)
    return pdf


def heading(pdf: FPDF, text: str, size: int = 14) -> None:
    """A blue heading in Attune's style, then back to body text."""
    pdf.ln(3)
    pdf.set_text_color(*NHS_BLUE)
    pdf.set_font("DejaVu", "B", size)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*TEXT)
    pdf.set_font("DejaVu", "", 10)


def paragraph(pdf: FPDF, text: str, size: int = 10, colour: tuple[int, int, int] = TEXT) -> None:
    pdf.set_text_color(*colour)
    pdf.set_font("DejaVu", "", size)
    pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*TEXT)
    pdf.set_font("DejaVu", "", 10)
