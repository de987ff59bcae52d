"""A GAN discriminator is a real-vs-fake classifier, D(x) = P(x is real); its verdict trains G."""

import torch
from torch import nn


def step(module, lr):
    with torch.no_grad():
        for p in module.parameters():
            p -= lr * p.grad
    module.zero_grad()


def demo(*, device="cpu"):
    torch.set_num_threads(1)  # tiny tensors: threads only add overhead
    torch.manual_seed(0)
    # Noise is drawn on the CPU and then moved, so every device sees the same numbers.
    real = 2.0 + 0.5 * torch.randn(256, 1).to(device)  # "real data": 1-D samples around 2
    G = nn.Linear(1, 1).to(device)  # generator: noise z -> fake sample
    with torch.no_grad():
        G.weight.fill_(0.5)
        G.bias.fill_(-2.0)  # starts by producing samples around -2
    D = nn.Sequential(nn.Linear(1, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1), nn.Sigmoid()).to(
        device
    )
    bce = nn.BCELoss()

    # Train D alone: label real samples 1 and generated samples 0.
    for _ in range(200):
        fake = G(torch.randn(256, 1).to(device)).detach()  # D's step must not change G
        loss_d = bce(D(real), torch.ones(256, 1, device=device)) + bce(
            D(fake), torch.zeros(256, 1, device=device)
        )
        loss_d.backward()
        step(D, 0.5)
    with torch.no_grad():
        fake = G(torch.randn(256, 1).to(device))
        p_real, p_fake = D(real).mean().item(), D(fake).mean().item()
    print(f"D(real) = {p_real:.3f}   D(fake) = {p_fake:.3f}   (D outputs P(input is real))")
    assert D(real).shape == (256, 1) and 0 < p_fake < p_real < 1
    assert p_real > 0.9 and p_fake < 0.1

    # G's step: make D call the fakes real. The gradient flows through D into G.
    fake_mean_before = fake.mean().item()
    loss_g = bce(D(G(torch.randn(256, 1).to(device))), torch.ones(256, 1, device=device))
    loss_g.backward()
    assert G.bias.grad is not None and G.bias.grad.abs().item() > 0
    D.zero_grad()  # D is not updated in G's step
    step(G, 0.5)
    with torch.no_grad():
        fake_mean_after = G(torch.randn(256, 1).to(device)).mean().item()
    print(f"mean of fakes: {fake_mean_before:.2f} -> {fake_mean_after:.2f} after one G step")
    print("(the real data has mean 2.0)")
    assert fake_mean_after > fake_mean_before  # pushed towards the real data by D's feedback


if __name__ == "__main__":
    demo()
