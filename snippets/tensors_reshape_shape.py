"""Shape after flattening or reshaping an (N, C, H, H) batch, read off PyTorch."""

import torch
from torch import nn

EXPRESSIONS = {
    "x.view(x.size(0), -1)": lambda x: x.view(x.size(0), -1),
    "x.reshape(-1)": lambda x: x.reshape(-1),
    "torch.flatten(x)": lambda x: torch.flatten(x),
    "nn.Flatten()(x)": lambda x: nn.Flatten()(x),
    "x.flatten(2)": lambda x: x.flatten(2),
    "x.reshape(-1, x.size(-1))": lambda x: x.reshape(-1, x.size(-1)),
}


def answer(n=8, c=16, h=5, expr="x.view(x.size(0), -1)", *, device="cpu"):
    x = torch.zeros(n, c, h, h, device=device)
    out = EXPRESSIONS[expr](x)
    # -1 is the one size PyTorch infers: numel divided by the sizes that were given.
    expected = {
        "x.view(x.size(0), -1)": [n, c * h * h],
        "x.reshape(-1)": [n * c * h * h],
        "torch.flatten(x)": [n * c * h * h],  # start_dim=0: everything
        "nn.Flatten()(x)": [n, c * h * h],  # start_dim=1: keeps the batch
        "x.flatten(2)": [n, c, h * h],
        "x.reshape(-1, x.size(-1))": [n * c * h, h],
    }[expr]
    assert list(out.shape) == expected
    assert out.numel() == x.numel()  # reshaping never adds or drops elements
    return list(out.shape)


if __name__ == "__main__":
    for e in EXPRESSIONS:
        print(f"{e:28} {answer(8, 16, 5, e)}")
