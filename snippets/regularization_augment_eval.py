"""Random transforms belong to the training pipeline; evaluation must be deterministic.

torchvision is not installed here, so the random horizontal flip and the Normalize step are
written with plain torch ops (torch.flip, (x − mean) / std).
"""

import torch
from torch import nn

MEAN, STD = 0.5, 0.25


def train_transform(img, gen):
    """RandomHorizontalFlip(p=0.5), then Normalize."""
    if torch.rand((), generator=gen).item() < 0.5:
        img = torch.flip(img, dims=[-1])
    return (img - MEAN) / STD


def test_transform(img):
    """Deterministic: only the same Normalize as in training."""
    return (img - MEAN) / STD


def accuracy(model, images, labels, transform):
    with torch.no_grad():
        batch = torch.stack([transform(img) for img in images])
        return (model(batch).argmax(1) == labels).float().mean().item()


def demo(*, device="cpu"):
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    # A fixed classifier that, like any trained model, is not exactly flip-invariant.
    model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 8 * 8, 4)).to(device).eval()
    images = torch.rand(64, 3, 8, 8, generator=gen).to(device)
    labels = model(test_transform(images)).argmax(1)  # the labels this model gets right

    # Random transforms at test time: the same model on the same images scores differently
    # from run to run.
    noisy = {
        round(accuracy(model, images, labels, lambda i: train_transform(i, gen)), 4)
        for _ in range(5)
    }
    fixed = {accuracy(model, images, labels, test_transform) for _ in range(5)}
    print("accuracy over 5 evaluations, random flips at test time:", sorted(noisy))
    print("accuracy over 5 evaluations, deterministic test transform:", sorted(fixed))
    assert len(noisy) > 1 and len(fixed) == 1

    # Normalize is not augmentation: dropping it at test time shifts every input.
    raw_mean = images.mean().item()
    seen_mean = test_transform(images).mean().item()
    print(f"mean input with Normalize {seen_mean:+.3f}, without {raw_mean:+.3f}")
    assert abs(seen_mean) < 0.1 and raw_mean > 0.4

    # In training the random flip gives new versions of the same labelled image.
    views = {tuple(train_transform(images[0], gen).flatten()[:8].tolist()) for _ in range(6)}
    assert len(views) == 2  # flipped or not: both kept the same label


if __name__ == "__main__":
    demo()
