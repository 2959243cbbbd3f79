"""Helpers shared by the CSV exports."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """A cell a spreadsheet will show as text: one starting with =, +, -, @, tab or CR would run as a formula."""
    return "'" + text if text[:1] in FORMULA_STARTS else text
