"""Augmentation must keep the label: a small shift or a contrast change leaves a digit what it
was, while turning it upside down makes a 6 into a 9.

Seven-segment digits on a 7×5 grid keep it small; a nearest-template reader (the best match
over every position on the canvas) says what each transformed image shows.
"""

import torch

SEGMENTS = {  # which of the seven segments each digit lights
    0: "abcdef", 1: "bc", 2: "abdeg", 3: "abcdg", 4: "bcfg",
    5: "acdfg", 6: "acdefg", 7: "abc", 8: "abcdefg", 9: "abcdfg",
}  # fmt: skip
# Where each segment lies on a 7-row, 5-column glyph: (rows, columns).
PLACES = {
    "a": (slice(0, 1), slice(0, 5)), "b": (slice(0, 4), slice(4, 5)),
    "c": (slice(3, 7), slice(4, 5)), "d": (slice(6, 7), slice(0, 5)),
    "e": (slice(3, 7), slice(0, 1)), "f": (slice(0, 4), slice(0, 1)),
    "g": (slice(3, 4), slice(0, 5)),
}  # fmt: skip


def glyph(digit, device):
    image = torch.zeros(7, 5, device=device)
    for segment in SEGMENTS[digit]:
        image[PLACES[segment]] = 1.0
    return image


def on_canvas(image, dy=0, dx=0):
    """The glyph on an 11×9 canvas, 2 pixels of margin, moved by (dy, dx)."""
    canvas = torch.zeros(11, 9, device=image.device)
    canvas[2 + dy : 9 + dy, 2 + dx : 7 + dx] = image
    return canvas


def read(canvas):
    """The digit whose glyph, placed anywhere on the canvas, is closest to it."""
    best = None
    for digit in range(10):
        template = glyph(digit, canvas.device)
        for dy in range(-2, 3):
            for dx in range(-2, 3):
                distance = (on_canvas(template, dy, dx) - canvas).pow(2).sum().item()
                if best is None or distance < best[0]:
                    best = (distance, digit)
    return best[1]


def demo(*, device="cpu"):
    six = glyph(6, device)
    views = {
        "as drawn": on_canvas(six),
        "shifted 2 px right, 1 px up": on_canvas(six, dy=-1, dx=2),
        "lower contrast, brighter": 0.6 * on_canvas(six) + 0.2,
        "rotated 180°": torch.rot90(on_canvas(six), 2),
    }
    seen = {name: read(view) for name, view in views.items()}
    for name, digit in seen.items():
        print(f"a 6, {name:28s} reads as {digit}")
    assert seen["as drawn"] == seen["shifted 2 px right, 1 px up"] == 6
    assert seen["lower contrast, brighter"] == 6
    # Upside down the glyph is exactly a 9: augmenting with it teaches "this 9 is a 6".
    assert torch.equal(torch.rot90(six, 2), glyph(9, device))
    assert seen["rotated 180°"] == 9


if __name__ == "__main__":
    demo()
