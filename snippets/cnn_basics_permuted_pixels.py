"""A fixed pixel permutation changes nothing for an MLP but ruins a CNN's advantage."""

import torch
import torch.nn.functional as F
from torch import nn

SIDE = 8


def bars(n, gen, device):
    """Noisy 8×8 images: class 0 has a horizontal 3-pixel bar, class 1 a vertical one."""
    x = 0.3 * torch.randn(n, 1, SIDE, SIDE, generator=gen)
    y = torch.randint(0, 2, (n,), generator=gen)
    a = torch.randint(0, SIDE - 2, (n,), generator=gen)
    b = torch.randint(0, SIDE, (n,), generator=gen)
    horizontal = y == 0
    for d in range(3):
        rows = torch.where(horizontal, b, a + d)
        cols = torch.where(horizontal, a + d, b)
        x[torch.arange(n), 0, rows, cols] += 1.0
    return x.to(device), y.to(device)


def train(net, x, y, steps=60, lr=0.2):
    """Full-batch SGD with momentum 0.9, written out so every run is the same."""
    params = list(net.parameters())
    velocity = [torch.zeros_like(p) for p in params]
    for _ in range(steps):
        loss = F.cross_entropy(net(x), y)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, v, g in zip(params, velocity, grads, strict=True):
                v.mul_(0.9).add_(g)
                p.sub_(lr * v)
    return net


def accuracy(net, x, y):
    with torch.no_grad():
        return (net(x).argmax(1) == y).float().mean().item()


def demo(*, device="cpu"):
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny tensors: one thread is fastest and exactly repeatable
    try:
        run(device)
    finally:
        torch.set_num_threads(threads)


def run(device):
    gen = torch.Generator().manual_seed(0)
    x_train, y_train = bars(1024, gen, device)
    x_test, y_test = bars(1024, gen, device)
    perm = torch.randperm(SIDE * SIDE, generator=gen).to(device)  # ONE fixed permutation

    def shuffle(x):  # the same permutation for every image, train and test
        return x.flatten(1)[:, perm].reshape(x.shape)

    def mlp():
        torch.manual_seed(1)
        return nn.Sequential(
            nn.Flatten(), nn.Linear(SIDE * SIDE, 16), nn.ReLU(), nn.Linear(16, 2)
        ).to(device)

    def cnn():
        torch.manual_seed(1)
        return nn.Sequential(
            nn.Conv2d(1, 4, 3), nn.ReLU(), nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(4, 2)
        ).to(device)

    # MLP: training on shuffled pixels, from the same init with its input columns shuffled
    # the same way, is the SAME computation: W[:, perm] @ x[perm] == W @ x.
    mlp_plain = train(mlp(), x_train, y_train, steps=150)
    mlp_shuf = mlp()
    with torch.no_grad():
        mlp_shuf[1].weight.copy_(mlp_shuf[1].weight[:, perm])
    train(mlp_shuf, shuffle(x_train), y_train, steps=150)
    with torch.no_grad():
        assert torch.allclose(mlp_plain(x_test), mlp_shuf(shuffle(x_test)), atol=1e-4)
        assert torch.allclose(mlp_plain[1].weight[:, perm], mlp_shuf[1].weight, atol=1e-4)
    mlp_acc = accuracy(mlp_plain, x_test, y_test)
    mlp_acc_shuf = accuracy(mlp_shuf, shuffle(x_test), y_test)
    assert mlp_acc == mlp_acc_shuf

    # CNN: its 3×3 filters rely on neighbouring pixels, which the shuffle scatters.
    cnn_acc = accuracy(train(cnn(), x_train, y_train), x_test, y_test)
    cnn_acc_shuf = accuracy(train(cnn(), shuffle(x_train), y_train), shuffle(x_test), y_test)

    print(f"MLP: original {mlp_acc:.1%}, shuffled {mlp_acc_shuf:.1%} (identical)")
    print(f"CNN: original {cnn_acc:.1%}, shuffled {cnn_acc_shuf:.1%}")
    assert cnn_acc > mlp_acc + 0.15  # on real images the CNN wins clearly ...
    assert cnn_acc_shuf < cnn_acc - 0.3  # ... shuffled, it collapses ...
    assert cnn_acc_shuf < mlp_acc_shuf + 0.1  # ... and its edge over the MLP is gone


if __name__ == "__main__":
    demo()
