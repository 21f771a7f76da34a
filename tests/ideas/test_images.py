"""Uploaded images: content decides the type, metadata is dropped, bombs are never decoded.

Thumbnails are made from the stored image after the submission commits (see
``test_thumbnails.py`` for the task and the sweep).
"""

import functools
import io
import time
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image, ImageFile

from ideas import services
from ideas.images import THUMBNAIL_SIZE, make_thumbnail_file, process_upload
from ideas.models import Idea
from tests.factories import UserFactory, image_bytes, image_upload

RED, BLUE = (220, 20, 20), (20, 20, 220)


def opened(content_file) -> Image.Image:
    content_file.seek(0)
    return Image.open(io.BytesIO(content_file.read()))


def left_red_right_blue_jpeg(**save_options) -> bytes:
    """A 40×20 JPEG: red left half, blue right half."""
    image = Image.new("RGB", (40, 20), BLUE)
    image.paste(RED, (0, 0, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=95, **save_options)
    return buffer.getvalue()


def dominant(pixel) -> str:
    r, _, b = pixel[:3]
    return "red" if r > b else "blue"


@functools.cache
def bomb_png() -> bytes:
    """~48 KB of PNG that decodes to 20000×20000 pixels (400 megapixels)."""
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def test_exif_orientation_is_applied_to_the_stored_pixels():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: rotate 90° clockwise
    upload = image_upload("turned.jpg", content=left_red_right_blue_jpeg(exif=exif.tobytes()))

    result = opened(process_upload(upload))

    assert result.size == (20, 40)
    assert dominant(result.getpixel((10, 5))) == "red"
    assert dominant(result.getpixel((10, 35))) == "blue"
    assert ExifTags.Base.Orientation not in result.getexif()


def test_gps_and_every_other_exif_tag_are_dropped(
    challenge, stored_files, eager_tasks, django_capture_on_commit_callbacks
):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 24.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 21.0, 7.0)
    content = left_red_right_blue_jpeg(exif=exif.tobytes())
    assert Image.open(io.BytesIO(content)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    with django_capture_on_commit_callbacks(execute=True):
        idea = services.submit_idea(
            author=UserFactory(),
            challenge=challenge,
            title="Photo from the shop",
            body="See the attached photo.",
            images=[image_upload("IMG_0001.JPG", content=content)],
        )

    stored = idea.images.get()
    for field in (stored.image, stored.thumbnail):
        with open(field.path, "rb") as handle:
            data = handle.read()
        assert b"Exif" not in data
        assert b"PhoneCam" not in data
        with Image.open(io.BytesIO(data)) as reopened:
            assert len(reopened.getexif()) == 0
            assert "exif" not in reopened.info
    assert len(stored_files()) == 2


def test_a_file_over_10_mb_is_refused_before_it_is_read():
    content = image_bytes() + b"\0" * (10 * 1024 * 1024)
    assert process_upload(image_upload("small.png", content=image_bytes()))

    with pytest.raises(ValidationError) as error:
        process_upload(image_upload("huge.png", content=content))

    assert error.value.code == "image_too_large"
    assert error.value.messages == ["huge.png is larger than 10 MB."]


def test_a_decompression_bomb_is_refused_without_being_decoded(monkeypatch):
    content = bomb_png()
    assert len(content) < 60_000
    loads = []
    real_load = ImageFile.ImageFile.load

    def spy_load(image):
        loads.append(image.size)
        return real_load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy_load)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationError) as error:
            process_upload(image_upload("innocent.png", content=content))
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert error.value.code == "image_too_many_pixels"
    assert "more than 40 megapixels" in error.value.messages[0]
    assert loads == []
    assert peak < 50 * 1024 * 1024
    assert elapsed < 1


def test_a_bomb_submitted_with_an_idea_stores_nothing(challenge, stored_files):
    with pytest.raises(ValidationError, match="megapixels"):
        services.submit_idea(
            author=UserFactory(),
            challenge=challenge,
            title="Look at this",
            body="A harmless picture.",
            images=[image_upload("a.png"), image_upload("bomb.png", content=bomb_png())],
        )

    assert not Idea.objects.exists()
    assert stored_files() == []


def test_an_image_just_over_the_pixel_limit_is_refused():
    """42 megapixels: Pillow only warns below twice its limit; the warning must refuse it."""
    content = image_bytes((7000, 6000), mode="1", colour=0, optimize=True)

    with pytest.raises(ValidationError) as error:
        process_upload(image_upload("big.png", content=content))

    assert error.value.code == "image_too_many_pixels"


def test_the_pixel_limit_is_read_from_settings(settings):
    settings.MAX_IMAGE_PIXELS = 100 * 100 - 1

    with pytest.raises(ValidationError) as error:
        process_upload(image_upload("square.png", size=(100, 100)))

    assert error.value.code == "image_too_many_pixels"


@pytest.mark.parametrize(
    "name, content",
    [
        ("photo.jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("photo.jpg", b"just some text"),
        ("photo.png", b""),
        ("scan.png", image_bytes(fmt="BMP")),
        ("scan.jpg", image_bytes(fmt="TIFF")),
        ("cut.jpg", image_bytes((400, 300), fmt="JPEG")[:600]),
    ],
    ids=["html", "text", "empty", "bmp", "tiff", "truncated-jpeg"],
)
def test_content_that_is_not_an_accepted_image_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        process_upload(image_upload(name, content=content))

    assert error.value.code == "image_invalid"
    assert error.value.messages == [f"{name} is not an image we can read (JPEG, PNG, WebP or GIF)."]


@pytest.mark.parametrize("fmt", ["PNG", "GIF", "WEBP"])
def test_content_decides_the_type_not_the_name(fmt):
    result = process_upload(image_upload("photo.jpg", fmt=fmt, size=(30, 20)))

    image = opened(result)
    assert image.format == "JPEG"
    assert image.size == (30, 20)
    assert result.name.endswith(".jpg")


def test_phone_jpeg_with_extra_frames_is_accepted_as_a_single_jpeg():
    """Phones write MPO: a JPEG followed by a depth or gain map, which Pillow names "MPO"."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), RED).save(
        buffer, format="MPO", save_all=True, append_images=[Image.new("RGB", (40, 30), BLUE)]
    )
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"

    result = opened(process_upload(image_upload("IMG_0042.JPG", content=buffer.getvalue())))

    assert result.format == "JPEG"
    assert getattr(result, "n_frames", 1) == 1
    assert dominant(result.getpixel((20, 15))) == "red"


def test_transparency_is_kept_as_png():
    upload = image_upload("logo.jpg", mode="RGBA", colour=(10, 200, 10, 0), size=(30, 20))

    result = process_upload(upload)

    image = opened(result)
    assert image.format == "PNG"
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0


def test_an_upload_is_re_encoded_alone_its_thumbnail_comes_later():
    result = process_upload(image_upload("wide.png", size=(1600, 600)))

    assert opened(result).size == (1600, 600)
    assert result.name.endswith(".jpg")


@pytest.mark.parametrize(
    "size, expected",
    [((1600, 600), (480, 180)), ((600, 1600), (135, 360)), ((64, 48), (64, 48))],
    ids=["wide", "tall", "small-is-not-enlarged"],
)
def test_thumbnails_fit_the_thumbnail_box(size, expected):
    stored = process_upload(image_upload("photo.png", size=size))

    thumbnail = make_thumbnail_file(stored)

    image = opened(thumbnail)
    assert image.size == expected
    assert image.size[0] <= THUMBNAIL_SIZE[0] and image.size[1] <= THUMBNAIL_SIZE[1]
    assert image.format == "JPEG"
    assert thumbnail.name == stored.name.replace(".jpg", "-thumb.jpg")


def test_thumbnails_keep_transparency_as_png():
    stored = process_upload(
        image_upload("logo.png", mode="RGBA", colour=(10, 200, 10, 0), size=(960, 720))
    )

    thumbnail = make_thumbnail_file(stored)

    image = opened(thumbnail)
    assert (image.format, image.mode, image.size) == ("PNG", "RGBA", THUMBNAIL_SIZE)
    assert image.getpixel((0, 0))[3] == 0
    assert thumbnail.name == stored.name.replace(".png", "-thumb.png")


def test_stored_images_and_thumbnails_exist_on_disk(
    challenge, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        idea = services.submit_idea(
            author=UserFactory(),
            challenge=challenge,
            title="Two photos",
            body="Front and back of the jar.",
            images=[image_upload("front.png", size=(800, 600)), image_upload("back.png")],
        )

    front, back = idea.images.all()
    assert (front.width, front.height) == (800, 600)
    with Image.open(front.thumbnail.path) as thumbnail:
        assert thumbnail.size == THUMBNAIL_SIZE
    with Image.open(back.thumbnail.path) as thumbnail:
        assert thumbnail.size == (64, 48)
    assert front.image.name != back.image.name
