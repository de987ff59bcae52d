"""ToTensor's layout change, HWC uint8 -> CHW float, done with plain torch ops.

torchvision is not installed here, so to_tensor() below re-implements what
transforms.ToTensor() does to a PIL image (after np.array(img)): add a channel dimension to
a grayscale H×W array, move channels first with permute, and divide by 255.
"""

import torch


def to_tensor(pic):
    """uint8 (H, W) or (H, W, C) -> float32 (C, H, W) in [0, 1], like transforms.ToTensor()."""
    if pic.dim() == 2:  # mode 'L': one channel
        pic = pic.unsqueeze(-1)
    return pic.permute(2, 0, 1).contiguous().float().div(255)


def answer(w=640, h=480, mode="RGB", *, device="cpu"):
    gen = torch.Generator().manual_seed(0)
    channels = {"RGB": 3, "L": 1}[mode]
    # np.array(img) of a PIL image is (height, width, channels): rows first.
    shape = (h, w, channels) if channels > 1 else (h, w)
    pic = torch.randint(0, 256, shape, generator=gen, dtype=torch.uint8).to(device)
    x = to_tensor(pic)
    assert x.shape == (channels, h, w) and x.dtype == torch.float32
    assert 0.0 <= x.min().item() and x.max().item() <= 1.0
    # Pixel (row 5, column 7), channel 0, lands at x[0, 5, 7] divided by 255.
    first = pic[5, 7, 0] if channels > 1 else pic[5, 7]
    assert abs(x[0, 5, 7].item() - first.item() / 255) < 1e-6
    batch = x.unsqueeze(0)  # the notes' .unsqueeze(0): a batch of one for the model
    return list(batch.shape)


def _channels(mode):
    return 3 if mode == "RGB" else 1


def mistake_width_first(w=640, h=480, mode="RGB"):
    """Width before height, as image sizes are quoted."""
    return None if w == h else [1, _channels(mode), w, h]


def mistake_channels_last(w=640, h=480, mode="RGB"):
    """The channels left last, as in the (H, W, C) array."""
    return [1, h, w, _channels(mode)]


if __name__ == "__main__":
    print("640×480 RGB ->", answer(640, 480, "RGB"))
    print("640×480 L   ->", answer(640, 480, "L"))
