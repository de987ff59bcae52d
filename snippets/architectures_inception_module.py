"""GoogLeNet's Inception (3a): four parallel branches concatenated along the channels."""

import torch
from torch import nn


class Inception(nn.Module):
    def __init__(self, c_in, c1, c3_red, c3, c5_red, c5, pool_proj):
        super().__init__()
        self.b1 = nn.Conv2d(c_in, c1, 1)
        self.b3 = nn.Sequential(
            nn.Conv2d(c_in, c3_red, 1), nn.ReLU(), nn.Conv2d(c3_red, c3, 3, padding=1)
        )
        self.b5 = nn.Sequential(
            nn.Conv2d(c_in, c5_red, 1), nn.ReLU(), nn.Conv2d(c5_red, c5, 5, padding=2)
        )
        self.bp = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1), nn.Conv2d(c_in, pool_proj, 1))

    def forward(self, x):
        outs = [self.b1(x), self.b3(x), self.b5(x), self.bp(x)]
        assert all(o.shape[-2:] == x.shape[-2:] for o in outs)  # every branch keeps H×W
        return torch.cat(outs, dim=1)  # ... so they can be stacked along the channels


def answer(*, device="cpu"):
    torch.manual_seed(0)
    block = Inception(192, 64, 96, 128, 16, 32, 32).to(device)
    x = torch.randn(1, 192, 28, 28, device=device)
    with torch.no_grad():
        y = block(x)
    assert y.shape[1] == 64 + 128 + 32 + 32
    return list(y.shape)


if __name__ == "__main__":
    print(answer())
