"""An M-P neuron with a sigmoid: y = sigmoid(sum w_i x_i - theta), computed by a real nn.Linear."""

import math

import torch
from torch import nn


def answer(w=(0.5, -1.0, 2.0), x=(1.0, 2.0, 0.5), theta=0.5, *, device="cpu"):
    torch.manual_seed(0)
    neuron = nn.Linear(len(w), 1, device=device)
    with torch.no_grad():
        neuron.weight.copy_(torch.tensor([list(w)], device=device))
        neuron.bias.fill_(-theta)
        z = neuron(torch.tensor([list(x)], device=device))
    y = torch.sigmoid(z).item()
    by_hand = sum(wi * xi for wi, xi in zip(w, x, strict=True)) - theta
    assert abs(z.item() - by_hand) < 1e-6
    assert abs(y - 1 / (1 + math.exp(-by_hand))) < 1e-6
    return y


if __name__ == "__main__":
    print(answer())
