"""A parameter's .grad has the parameter's shape: nn.Linear(in, out).weight is (out, in)."""

import torch
from torch import nn


def answer(in_features=784, out_features=10, batch=32, *, device="cpu"):
    torch.manual_seed(0)
    layer = nn.Linear(in_features, out_features, device=device)
    x = torch.randn(batch, in_features, device=device)
    out = layer(x)
    assert out.shape == (batch, out_features)
    out.sum().backward()
    assert layer.weight.grad.shape == layer.weight.shape == (out_features, in_features)
    assert layer.bias.grad.shape == (out_features,)
    return list(layer.weight.grad.shape)


if __name__ == "__main__":
    print(answer())
