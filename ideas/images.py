"""Checks and re-encodes uploaded idea images before anything is written; makes thumbnails.

The file's content decides its type, never its name. Pixel count is read from the header
(``Image.open`` does not decode) and refused above ``MAX_IMAGE_PIXELS`` before decoding, so
a decompression bomb never reaches memory. Re-encoding applies the EXIF orientation and
drops every metadata block (EXIF, GPS, XMP, ICC comments).

Thumbnails are made later, from the stored image, by a task (``ideas.services.images``), so
an upload costs the request one encode, not two.
"""

import io
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# "MPO" is how Pillow names a JPEG carrying extra frames (depth or gain maps from phones).
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
THUMBNAIL_SIZE = (480, 360)
MAX_IMAGES_PER_IDEA = 5


def process_upload(upload) -> ContentFile:
    """Validate ``upload`` (a file-like object with ``.size`` and ``.name``) and re-encode it.

    Returns the image to store, named by a random stem and its format (PNG when it keeps
    transparency, else JPEG). Raises ``ValidationError`` with a message a person can act on.
    """
    name = getattr(upload, "name", "") or "image"
    size = getattr(upload, "size", None)
    if size is not None and size > settings.MAX_IMAGE_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)d MB.")
            % {"name": name, "limit": settings.MAX_IMAGE_BYTES // (1024 * 1024)},
            code="image_too_large",
        )
    upload.seek(0)
    image = _open_checked(upload, name)
    with image:
        oriented = _flatten_mode(ImageOps.exif_transpose(image))
        keeps_alpha = oriented.mode == "RGBA"
        encoded = _encode(oriented, keeps_alpha, quality=88)
    stem = get_random_string(12).lower()
    return ContentFile(encoded, name=f"{stem}.{_extension(keeps_alpha)}")


def make_thumbnail_file(stored) -> ContentFile:
    """Shrink ``stored``, an image file written by ``process_upload``, to fit ``THUMBNAIL_SIZE``.

    The file was checked and re-encoded before it was stored, so it is trusted here. The
    thumbnail is named after it (``<stem>-thumb.<ext>``) and, like it, stays PNG only when
    it has transparency.
    """
    stored.seek(0)
    with Image.open(stored) as image:
        image.thumbnail(THUMBNAIL_SIZE)
        shrunk = _flatten_mode(image)
    keeps_alpha = shrunk.mode == "RGBA"
    stem = PurePosixPath(stored.name).stem
    return ContentFile(
        _encode(shrunk, keeps_alpha, quality=80),
        name=f"{stem}-thumb.{_extension(keeps_alpha)}",
    )


def _open_checked(upload, name: str) -> Image.Image:
    refused = ValidationError(
        _("%(name)s is not an image we can read (JPEG, PNG, WebP or GIF).") % {"name": name},
        code="image_invalid",
    )
    too_big = ValidationError(
        _("%(name)s has more than %(limit)d megapixels.")
        % {"name": name, "limit": settings.MAX_IMAGE_PIXELS // 1_000_000},
        code="image_too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise refused from None
    if image.format not in ACCEPTED_FORMATS:
        image.close()
        raise refused
    width, height = image.size
    if width * height > settings.MAX_IMAGE_PIXELS:
        image.close()
        raise too_big
    try:
        image.load()
    except (OSError, SyntaxError, ValueError):
        image.close()
        raise refused from None
    return image


def _flatten_mode(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        return image.convert("RGBA")
    return image.convert("RGB")


def _encode(image: Image.Image, keeps_alpha: bool, quality: int) -> bytes:
    buffer = io.BytesIO()
    if keeps_alpha:
        image.save(buffer, format="PNG", optimize=True)
    else:
        image.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def _extension(keeps_alpha: bool) -> str:
    return "png" if keeps_alpha else "jpg"
