"""Data augmentation: random flips and crops make new training images with the same label."""

import torch
import torch.nn.functional as F


def augment(img, gen):
    """Random horizontal flip, then a random 32x32 crop of the image padded by 4 pixels."""
    if torch.rand((), generator=gen) < 0.5:
        img = torch.flip(img, dims=[-1])
    padded = F.pad(img, (4, 4, 4, 4), mode="reflect")
    i, j = torch.randint(0, 9, (2,), generator=gen).tolist()
    return padded[..., i : i + 32, j : j + 32]


def eval_transform(img):
    """Test time: a fixed centre crop of the same padded image, i.e. no randomness at all."""
    padded = F.pad(img, (4, 4, 4, 4), mode="reflect")
    return padded[..., 4:36, 4:36]


def demo(*, device="cpu"):
    gen = torch.Generator().manual_seed(0)
    img = torch.rand(3, 32, 32, generator=gen).to(device)
    label = 7
    views = [augment(img, gen) for _ in range(8)]
    distinct = {tuple(v.flatten()[:16].tolist()) for v in views}
    print(
        f"8 augmented views of one image: {len(distinct)} distinct, shapes "
        f"{ {tuple(v.shape) for v in views} }, label still {label}"
    )
    assert all(v.shape == img.shape for v in views)  # same input size for the network
    assert len(distinct) > 1  # each epoch sees a different version of the same image
    assert any(not torch.equal(v, img) for v in views)
    # At test time no randomness: the same image gives the same input every time.
    assert torch.equal(eval_transform(img), eval_transform(img))
    assert torch.equal(eval_transform(img), img)


if __name__ == "__main__":
    demo()
