"""Gradient along an LSTM's cell state: ∂c_T/∂c_0 is the product of the forget gates."""

import math

import torch
from torch import nn


def answer(f=0.9, steps=10, *, device="cpu"):
    h = 1
    cell = nn.LSTMCell(1, h, dtype=torch.float64, device=device)
    with torch.no_grad():  # constant gates: no weights, the biases set each gate's value
        cell.weight_ih.zero_()
        cell.weight_hh.zero_()
        cell.bias_hh.zero_()
        logit = math.log(f / (1 - f))  # sigmoid(logit) = f
        cell.bias_ih.copy_(torch.tensor([0.0, logit, 0.0, 0.0], dtype=torch.float64))
        # i = σ(0) = 0.5, f = the given value, g = tanh(0) = 0, o = σ(0) = 0.5
    c0 = torch.ones(1, h, dtype=torch.float64, device=device, requires_grad=True)
    hx, c = torch.zeros(1, h, dtype=torch.float64, device=device), c0
    x = torch.zeros(1, 1, dtype=torch.float64, device=device)
    for _ in range(steps):
        hx, c = cell(x, (hx, c))  # c_t = f·c_(t−1) + i·g = f·c_(t−1)
    c.sum().backward()
    grad = c0.grad.item()
    assert abs(grad - f**steps) < 1e-9
    return grad


if __name__ == "__main__":
    for f in (0.5, 0.9, 0.99):
        print(f"forget gate {f}: ∂c_20/∂c_0 = {answer(f, 20):.3g}")
