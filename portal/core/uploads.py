"""Uploaded documents: recognised by their content, limited in size, stored under a random
name in UPLOAD_DIR (outside static/, so only a view that checks permissions serves them)."""
from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from werkzeug.datastructures import FileStorage

from portal.core.settings import upload_limit_bytes
from portal.core.text import without_bidi_controls

DOCUMENT_TYPES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
# A scan of an A4 page at 600 dpi has 35 million pixels; a few kilobytes of PNG can claim billions
# (a decompression bomb) and take the server's memory when anything decodes it.
MAX_IMAGE_PIXELS = 50_000_000


class UploadRefused(ValueError):
    """The message is a lazy string in the reader's language."""


class _TooManyPixels(ValueError):
    pass


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    original_name: str
    content_type: str
    size: int


def _recognise(data: bytes) -> str | None:
    """The real type of a document, read from its bytes, never from its name."""
    if data.startswith(b"%PDF-"):
        try:
            PdfReader(io.BytesIO(data), strict=False).pages[0]
        except (PdfReadError, IndexError, ValueError, KeyError, TypeError):
            return None
        return "application/pdf"
    try:
        # Pillow only warns between its own limit and twice it: a warning is a refusal here.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _TooManyPixels
                image.verify()
                kind = image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, _TooManyPixels):
        raise UploadRefused(_l("The image has more than %(count)d million pixels.",
                               count=MAX_IMAGE_PIXELS // 1_000_000)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return {"PNG": "image/png", "JPEG": "image/jpeg"}.get(kind)


def upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_document(upload: FileStorage, pdf_only: bool = False) -> StoredFile:
    """Check and store a PDF, PNG or JPEG (only a PDF with `pdf_only`); raises UploadRefused and
    stores nothing otherwise."""
    limit = upload_limit_bytes()
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(_l("The file is larger than %(size)d MB.", size=limit // (1024 * 1024)))
    if not data:
        raise UploadRefused(_l("The file is empty."))
    content_type = _recognise(data)
    if pdf_only and content_type != "application/pdf":
        raise UploadRefused(_l("Only PDF documents are accepted; this file is not one."))
    if content_type is None:
        raise UploadRefused(_l("Only PDF documents and PNG or JPEG images are accepted; this file is neither."))
    stored_name = secrets.token_urlsafe(24) + DOCUMENT_TYPES[content_type]
    (upload_dir() / stored_name).write_bytes(data)
    original = without_bidi_controls(Path(upload.filename or "").name)[:255] or "document"
    return StoredFile(stored_name, original, content_type, len(data))


def stored_path(stored_name: str) -> Path:
    return upload_dir() / Path(stored_name).name


def stored_type(stored_name: str) -> str:
    """The type of a stored document, as its content was recognised (its stored name's extension)."""
    extension = Path(stored_name).suffix
    return next(content_type for content_type, known in DOCUMENT_TYPES.items() if known == extension)
