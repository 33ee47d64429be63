"""PDF documents in the reader's language, shared by the forum's badges and letters and the
Directorate's activity report.

Rendered with fpdf2. Text goes through HarfBuzz (uharfbuzz) so Arabic is shaped and laid out with
the Unicode bidi algorithm, in the Vazirmatn font (Arabic + Latin) that scripts/vendor-assets.sh
copies into static/vendor/fonts/.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

from flask import current_app, has_app_context
from flask_babel import gettext as _
from fpdf import FPDF

FONT = "Vazirmatn"
FONT_FILES = {"": "Vazirmatn-Regular.ttf", "B": "Vazirmatn-Bold.ttf"}
RTL_LANGUAGES = {"ar"}

GREEN = (11, 94, 74)  # --portal-green in static/css/portal.css
GREEN_DARK = (8, 72, 58)
SAND = (246, 241, 231)
TEXT = (33, 37, 41)
MUTED = (89, 89, 89)
WHITE = (255, 255, 255)
MM_PER_PT = 25.4 / 72

# First strong isolate / pop directional isolate: a value set inside a sentence keeps its own
# direction ("12-AB/345" or "SMITH, John A." inside an Arabic sentence would otherwise be
# reordered by the bidi algorithm). fpdf2 draws nothing for them.
FSI, PDI = "\u2068", "\u2069"
NBSP, NARROW_NBSP = "\u00a0", "\u202f"


def fonts_dir() -> Path:
    """static/vendor/fonts of the running app, or of this repository outside an app context."""
    if has_app_context() and current_app.static_folder:
        static = Path(current_app.static_folder)
    else:
        static = Path(__file__).resolve().parents[2] / "static"
    return static / "vendor" / "fonts"


def is_rtl(lang: str) -> bool:
    return lang.split("_")[0].split("-")[0] in RTL_LANGUAGES


def line_start(lang: str) -> str:
    """Alignment of the side where a line starts."""
    return "R" if is_rtl(lang) else "L"


def line_end(lang: str) -> str:
    return "L" if is_rtl(lang) else "R"


class Document(FPDF):
    def normalize_text(self, text: str) -> str:
        """Characters the current font lacks are replaced by their compatibility form when the font
        has that (the French "4ᵉ" becomes "4e"), instead of vanishing from the page."""
        text = super().normalize_text(text)
        cmap = getattr(self.current_font, "cmap", None)
        if not cmap or all(ord(char) in cmap for char in text):
            return text
        out = []
        for char in text:
            if ord(char) not in cmap:
                # A narrow no-break space (French thousands) stays unbreakable, not a plain space.
                compatible = NBSP if char == NARROW_NBSP else unicodedata.normalize("NFKC", char)
                if compatible != char and all(ord(c) in cmap for c in compatible):
                    char = compatible
            out.append(char)
        return "".join(out)


def new_pdf(lang: str, page_format, title: str, subject: str) -> FPDF:
    folder = fonts_dir()
    missing = [name for name in FONT_FILES.values() if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{', '.join(missing)} not found in {folder}: run `make assets` (scripts/vendor-assets.sh)"
        )
    pdf = Document(orientation="P", unit="mm", format=page_format)
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(folder / name))
    # The paragraph direction follows the document's language; the script is left for HarfBuzz
    # to guess for each bidi run, since fpdf2 would apply a forced script="arab" to Latin runs
    # (a passport name) as well.
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if is_rtl(lang) else "ltr",
                         language=lang)
    pdf.set_lang(lang)
    pdf.set_title(title)
    pdf.set_subject(subject)
    pdf.set_author("ISESCO")
    pdf.set_creator(_("ISESCO cooperation portal"))
    pdf.set_text_color(*TEXT)
    return pdf


def isolate(value: str) -> str:
    return f"{FSI}{value}{PDI}"
