"""Optimal discriminator D*(x) = p_data / (p_data + p_g): 0.5 everywhere once p_g = p_data.

Illustrative: the key is algebra, p / (p + p) = 1/2, and no run can prove algebra. What the
run does check is the premise: a discriminator trained on real samples against fakes learns
D*, both when the two distributions differ and when they are the same.
"""

import math

import torch
from torch import nn


def answer(*, device="cpu"):
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny tensors: threads only add overhead
    try:
        return equilibrium(device)
    finally:
        torch.set_num_threads(threads)


def train_discriminator(real, fake):
    """Logistic regression D(x) = σ(a·x + b) trained with the GAN discriminator's BCE loss.

    For two normal densities with the same variance, log(p_data / p_g) is linear in x, so D*
    is exactly of this form and the trained D can be compared with it point by point."""
    d = nn.Sequential(nn.Linear(1, 1), nn.Sigmoid()).to(real.device)
    bce = nn.BCELoss()
    optimizer = torch.optim.SGD(d.parameters(), lr=0.5)
    for _ in range(400):
        loss = bce(d(real), torch.ones_like(real)) + bce(d(fake), torch.zeros_like(fake))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return d


def normal_pdf(x, mean):
    return torch.exp(-0.5 * (x - mean) ** 2) / math.sqrt(2 * math.pi)


def equilibrium(device):
    torch.manual_seed(0)
    grid = torch.linspace(-1, 3, 9, device=device)[:, None]

    # A generator that is still off: real data N(2, 1), fakes N(0, 1). The trained D follows
    # p_data / (p_data + p_g), high where real data is more likely, low where fakes are.
    real = torch.randn(4096, 1, device=device) + 2
    fake = torch.randn(4096, 1, device=device)
    d = train_discriminator(real, fake)
    p_data, p_g = normal_pdf(grid, 2.0), normal_pdf(grid, 0.0)
    with torch.no_grad():
        learned, formula = d(grid), p_data / (p_data + p_g)
    print("x          ", [round(v, 2) for v in grid.flatten().tolist()])
    print("trained D  ", [round(v, 2) for v in learned.flatten().tolist()])
    print("D* formula ", [round(v, 2) for v in formula.flatten().tolist()])
    assert (learned - formula).abs().max().item() < 0.05  # it learned D*

    # A perfect generator: fakes from the same N(2, 1) as the data. D can only guess.
    same = torch.randn(4096, 1, device=device) + 2
    d = train_discriminator(real, same)
    with torch.no_grad():
        guess = d(grid)
    print("p_g = p_data: trained D", [round(v, 2) for v in guess.flatten().tolist()])
    assert (guess - 0.5).abs().max().item() < 0.05  # about 0.5 everywhere

    p = p_data  # the key itself: substitute p_g = p_data into D*
    return (p / (p + p)).mean().item()


if __name__ == "__main__":
    print(answer())
