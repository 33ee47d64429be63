"""The forum's badge and visa invitation letter (portal.forum.documents): real PDFs, read back
with pypdf."""
from __future__ import annotations

import io
import re
import unicodedata

import pytest
from flask_babel import force_locale, gettext
from pypdf import PdfReader
from pypdf.generic import ContentStream

from portal.forum import documents
from portal.forum.documents import BadgeContent, LetterContent, badge_pdf, visa_letter_pdf

CODE = "pX3k_9Qm-Lz2vB7w"
ARABIC_NAME = "فاطمة الزهراء بنعلي"
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


def badge(**changes) -> BadgeContent:
    values = dict(
        name="Jean-Baptiste Martin", organization="Fondation des œuvres sociales",
        participant_type="Délégué", edition_title="4ᵉ Forum triennal de l'ISESCO",
        edition_dates="12–14 mai 2027", venue="Rabat, Maroc", code=CODE,
    )
    values.update(changes)
    return BadgeContent(**values)


def letter(lang: str, **changes) -> LetterContent:
    values = dict(
        lang=lang, passport_name="MARTIN-DUBOIS, Jean A.", passport_number="12-AB/34567",
        nationality={"ar": "فرنسا", "fr": "France", "en": "France"}[lang],
        passport_expiry="3 March 2031", organization="Islamic Relief", participant_type="Delegate",
        edition_title="4th ISESCO Triennial Forum", edition_dates="12–14 May 2027",
        venue="ISESCO headquarters, Rabat, Morocco", issued_on="2 February 2027",
        reference="ISESCO/FORUM/4/000123",
    )
    values.update(changes)
    return LetterContent(**values)


def read(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf))


def text_of(reader: PdfReader) -> str:
    """Extracted text without the invisible bidi isolates that wrap values inside sentences."""
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFKC", text).translate(BIDI_CONTROLS)


def fonts_of(page) -> list:
    return [font.get_object() for font in page["/Resources"]["/Font"].values()]


def to_unicode_map(font) -> dict[int, str]:
    """glyph code -> the characters it stands for, from the font's ToUnicode CMap."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping = {}
    for code, target in re.findall(r"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>", cmap):
        units = bytes.fromhex(target)
        mapping[int(code, 16)] = units.decode("utf-16-be")
    return mapping


def visual_lines(page) -> list[str]:
    """The page's text lines as drawn: each line's glyphs from left to right, as the characters they
    stand for, without spaces. fpdf2 places each shaped glyph with its own Tm (or Td) and Tj."""
    fonts = {name: to_unicode_map(font.get_object()) for name, font in page["/Resources"]["/Font"].items()
             if "/ToUnicode" in font.get_object()}
    glyphs: dict[float, list[tuple[float, str]]] = {}
    font, x, y, line_x, line_y = None, 0.0, 0.0, 0.0, 0.0
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"BT":
            x = y = line_x = line_y = 0.0
        elif operator == b"Tf":
            font = fonts.get(operands[0])
        elif operator == b"Td":
            line_x, line_y = line_x + float(operands[0]), line_y + float(operands[1])
            x, y = line_x, line_y
        elif operator == b"Tm":
            x = line_x = float(operands[4])
            y = line_y = float(operands[5])
        elif operator == b"Tj" and font is not None:
            data = getattr(operands[0], "original_bytes", None) or bytes(operands[0])
            chars = "".join(font.get(int.from_bytes(data[i:i + 2], "big"), "") for i in range(0, len(data), 2))
            glyphs.setdefault(round(y, 1), []).append((x, chars))
    return ["".join(chars for _x, chars in sorted(line)).translate(BIDI_CONTROLS).replace(" ", "")
            for _y, line in sorted(glyphs.items(), reverse=True)]


# --- Badge ----------------------------------------------------------------------------------------

def test_badge_is_one_page_with_the_name_the_code_and_the_qr_image(app_ctx):
    reader = read(badge_pdf(badge(), "fr"))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    text = text_of(reader)
    assert "Jean-Baptiste Martin" in text.replace("\n", " ")
    assert CODE in text
    assert "Délégué" in text and "12–14 mai 2027" in text and "Rabat, Maroc" in text
    # A character the font lacks falls back to its compatibility form instead of vanishing.
    assert "4e Forum triennal" in text

    xobjects = {name: xobject.get_object() for name, xobject in page["/Resources"]["/XObject"].items()}
    images = [xobject for xobject in xobjects.values() if xobject["/Subtype"] == "/Image"]
    assert images, "the QR code is placed as an image"
    assert images[0]["/Width"] == images[0]["/Height"]

    assert any("Vazirmatn" in font["/BaseFont"] for font in fonts_of(page))
    assert reader.metadata.author == "ISESCO"
    assert "Jean-Baptiste Martin" in reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_badge_labels_are_in_the_requested_language(app_ctx):
    for lang in ("en", "fr", "ar"):
        with force_locale(lang):
            labels = [gettext("ISESCO"), gettext("Check-in code")]
        text = text_of(read(badge_pdf(badge(), lang)))
        for label in labels:
            assert label in text


def test_badge_without_organization(app_ctx):
    text = text_of(read(badge_pdf(badge(organization=None, name="John Smith"), "en")))
    assert "John Smith" in text
    assert "Fondation" not in text


def test_arabic_name_is_shaped_in_the_embedded_vazirmatn_font(app_ctx):
    reader = read(badge_pdf(badge(name=ARABIC_NAME, participant_type="مندوب", venue="الرباط، المغرب"), "ar"))
    page = reader.pages[0]
    # fpdf2 writes a ToUnicode map and pypdf puts right-to-left runs back in logical order, so the
    # name comes back as typed. Unshaped text would be laid out left to right and come back reversed.
    text = text_of(reader)
    assert ARABIC_NAME in text
    assert "الرباط، المغرب" in text

    # The name is set in bold: the subset of Vazirmatn Bold, embedded.
    (vazirmatn,) = [font for font in fonts_of(page) if font["/BaseFont"].endswith("+VazirmatnBold")]
    descriptor = vazirmatn["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert "/FontFile2" in descriptor, "the font is embedded"

    # Shaping picks contextual forms: the same letter is drawn with different glyphs depending on
    # its place in the word (alef isolated in "الزهراء", final in "فاطمة"; lam initial and medial).
    glyphs_per_letter: dict[str, set[int]] = {}
    for code, chars in to_unicode_map(vazirmatn).items():
        if len(chars) == 1 and chars in ARABIC_NAME and not chars.isspace():
            glyphs_per_letter.setdefault(chars, set()).add(code)
    assert len(glyphs_per_letter["ا"]) >= 2
    assert len(glyphs_per_letter["ل"]) >= 2


def test_latin_name_on_an_arabic_badge(app_ctx):
    text = text_of(read(badge_pdf(badge(name="John Smith", participant_type="مندوب"), "ar")))
    assert "John Smith" in text
    assert CODE in text


def test_documents_need_the_vendored_font(app_ctx, monkeypatch, tmp_path):
    monkeypatch.setattr("portal.core.pdf.fonts_dir", lambda: tmp_path)
    with pytest.raises(FileNotFoundError, match="vendor-assets"):
        badge_pdf(badge(), "en")


# --- Visa invitation letter -----------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_visa_letter_in_each_language(app_ctx, lang):
    content = letter(lang)
    reader = read(visa_letter_pdf(content))
    text = text_of(reader)
    flat = re.sub(r"\s+", " ", text)
    assert "MARTIN-DUBOIS, Jean A." in flat
    assert "12-AB/34567" in flat
    assert "ISESCO/FORUM/4/000123" in flat
    assert content.nationality in flat

    with force_locale(lang):
        addressee = gettext("To the Embassy or Consulate concerned")
        closing = gettext("The Directorate of External Relations and Cooperation")
    with force_locale("en"):
        english = gettext("To the Embassy or Consulate concerned")
    assert addressee in flat
    assert closing in flat
    if addressee != english:  # once the catalogue translates it, no English is left behind
        assert english not in flat

    assert reader.trailer["/Root"]["/Lang"] == lang
    assert reader.metadata.author == "ISESCO"
    assert "MARTIN-DUBOIS" in reader.metadata.title


def test_visa_letter_states_the_costs_rule_and_the_organization(app_ctx):
    flat = re.sub(r"\s+", " ", text_of(read(visa_letter_pdf(letter("en")))))
    assert "ISESCO does not cover travel, accommodation" in flat
    assert "unless otherwise agreed in writing" in flat
    assert "represent Islamic Relief" in flat
    assert "valid until 3 March 2031" in flat
    assert "12–14 May 2027" in flat

    flat = re.sub(r"\s+", " ", text_of(read(visa_letter_pdf(letter("en", organization=None)))))
    assert "represent" not in flat


ARABIC = {
    "To the Embassy or Consulate concerned": "إلى السفارة أو القنصلية المعنية",
    "The Islamic World Educational, Scientific and Cultural Organization (ISESCO) has the honour to "
    "invite %(name)s (nationality: %(nationality)s; passport No. %(passport_number)s, valid until "
    "%(passport_expiry)s) to attend “%(edition)s”, to be held at %(venue)s on %(dates)s.":
        "تتشرف منظمة العالم الإسلامي للتربية والعلوم والثقافة (الإيسيسكو) بدعوة %(name)s (الجنسية: "
        "%(nationality)s؛ جواز السفر رقم %(passport_number)s، صالح حتى %(passport_expiry)s) إلى "
        "المشاركة في «%(edition)s»، الذي سيُعقد في %(venue)s بتاريخ %(dates)s.",
}


def test_arabic_letter_keeps_latin_values_intact_inside_arabic_sentences(app_ctx, monkeypatch):
    """With Arabic sentences (whatever the catalogue holds today), a Latin passport name, a passport
    number with punctuation and a reference keep their characters and their order."""
    def arabic_gettext(message, **variables):
        return ARABIC.get(message, message) % variables

    monkeypatch.setattr(documents, "_", arabic_gettext)
    content = letter("ar", passport_expiry="3 مارس 2031", venue="الرباط، المغرب", edition_title="المنتدى الرابع")
    reader = read(visa_letter_pdf(content))
    flat = re.sub(r"\s+", " ", text_of(reader))
    assert "إلى السفارة أو القنصلية المعنية" in flat
    assert "MARTIN-DUBOIS, Jean A." in flat
    assert "12-AB/34567" in flat
    assert "تتشرف منظمة العالم الإسلامي" in flat

    # As drawn: the paragraph starts at the right edge of its first line (right to left), and the
    # Latin values read left to right, their punctuation in place.
    lines = visual_lines(reader.pages[0])
    first_line = next(line for line in lines if "فرشتت" in line)  # "تتشرف" drawn right to left
    assert first_line.endswith("فرشتت")
    assert any("MARTIN-DUBOIS,JeanA." in line for line in lines)
    assert any("12-AB/34567" in line for line in lines)
    assert any("ISESCO/FORUM/4/000123" in line for line in lines)
