"""An M-P neuron y = f(w1*x1 + w2*x2 - theta) with a step f, built from a real nn.Linear."""

import torch
from torch import nn


def answer(x1=1, x2=1, theta=1.5, w1=1.0, w2=1.0, *, device="cpu"):
    torch.manual_seed(0)
    neuron = nn.Linear(2, 1, device=device)
    with torch.no_grad():
        neuron.weight.copy_(torch.tensor([[w1, w2]], device=device))
        neuron.bias.fill_(-theta)  # the threshold is a bias of -theta
        x = torch.tensor([[float(x1), float(x2)]], device=device)
        z = neuron(x)  # weighted sum minus the threshold
    y = torch.heaviside(z, torch.ones_like(z))  # step: 1 if z >= 0, else 0
    assert abs(z.item() - (w1 * x1 + w2 * x2 - theta)) < 1e-6  # y = f(sum w_i x_i - theta)
    return int(y.item())


if __name__ == "__main__":
    for theta in (0.5, 1.5, 2.5):
        table = [answer(a, b, theta) for a in (0, 1) for b in (0, 1)]
        print(f"w = (1, 1), theta = {theta}: outputs for 00, 01, 10, 11 = {table}")
