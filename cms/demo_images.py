"""Generated pictures for the demo data (no files shipped, no network)."""

import io
import random

from PIL import Image, ImageDraw

PALETTES = [
    ((47, 91, 234), (241, 214, 255)),
    ((28, 124, 84), (222, 247, 205)),
    ((214, 90, 49), (255, 236, 179)),
    ((93, 63, 211), (199, 244, 255)),
    ((180, 35, 27), (255, 214, 214)),
]


def picture(seed: int, size: tuple[int, int] = (800, 600), label: str = "") -> io.BytesIO:
    """A gradient with a few shapes, deterministic for ``seed``, as PNG bytes."""
    rng = random.Random(seed)
    start, end = rng.choice(PALETTES)
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(height - 1, 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(start[i] + (end[i] - start[i]) * t) for i in range(3)),
        )
    for _ in range(rng.randint(3, 7)):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(20, width // 4)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        draw.ellipse([x - r, y - r, x + r, y + r], outline=colour, width=rng.randint(3, 12))
    if label:
        draw.rectangle([0, height - 60, width, height], fill=(255, 255, 255))
        draw.text((20, height - 45), label[:60], fill=(29, 36, 51), font_size=28)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = f"demo-{seed}.png"
    buffer.size = len(buffer.getvalue())
    return buffer
