"""ELU against ReLU, each claim measured: gradient for x < 0, mean output, smoothness, range."""

import math

import torch
from torch import nn


def answer(*, device="cpu"):
    elu, relu = nn.ELU(alpha=1.0), nn.ReLU()
    facts = {}
    # A: ELU keeps a nonzero gradient for x < 0 (ReLU's is 0 there): eˣ·alpha.
    x = torch.tensor([-3.0, -1.0], dtype=torch.float64, device=device, requires_grad=True)
    elu(x).sum().backward()
    facts["A"] = bool(torch.all(x.grad > 0))
    assert torch.allclose(x.grad, torch.exp(x.detach()))
    # B: for standard normal inputs ELU's outputs average closer to 0 than ReLU's.
    z = torch.randn(200_000, generator=torch.Generator().manual_seed(0)).to(device)
    elu_mean, relu_mean = elu(z).mean().item(), relu(z).mean().item()
    print(f"mean output on N(0, 1): ELU {elu_mean:.3f}, ReLU {relu_mean:.3f}")
    facts["B"] = abs(elu_mean) < abs(relu_mean)
    # C: ELU is unbounded below, like Leaky ReLU.
    facts["C"] = elu(torch.tensor(-1e4, device=device)).item() < -1.0
    # D: with alpha = 1 the slope is 1 on both sides of 0: no kink.
    h = 1e-6
    zero = torch.tensor(0.0, dtype=torch.float64, device=device)
    left = (elu(zero) - elu(zero - h)).item() / h
    right = (elu(zero + h) - elu(zero)).item() / h
    facts["D"] = abs(left - 1.0) < 1e-5 and abs(right - 1.0) < 1e-5
    # E: like PReLU, nn.ELU learns alpha.
    facts["E"] = sum(p.numel() for p in elu.parameters()) > 0
    # (It does cost an exponential for x < 0, unlike ReLU: ELU(−1) = 1/e − 1.)
    minus_one = torch.tensor(-1.0, dtype=torch.float64, device=device)
    assert abs(elu(minus_one).item() - (math.exp(-1) - 1)) < 1e-12
    print({k: bool(v) for k, v in facts.items()})
    return [k for k, v in facts.items() if v]


if __name__ == "__main__":
    print(answer())
