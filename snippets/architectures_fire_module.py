"""SqueezeNet's Fire module: squeeze with 1×1, expand with parallel 1×1 and 3×3, concatenate."""

import torch
from torch import nn


class Fire(nn.Module):
    def __init__(self, c_in, squeeze, expand1, expand3):
        super().__init__()
        self.squeeze = nn.Conv2d(c_in, squeeze, 1)
        self.expand1 = nn.Conv2d(squeeze, expand1, 1)
        self.expand3 = nn.Conv2d(squeeze, expand3, 3, padding=1)

    def forward(self, x):
        s = torch.relu(self.squeeze(x))
        return torch.cat([torch.relu(self.expand1(s)), torch.relu(self.expand3(s))], dim=1)


def count(m):
    return sum(p.numel() for p in m.parameters())


def demo(*, device="cpu"):
    torch.manual_seed(0)
    fire = Fire(128, 16, 64, 64).to(device)  # SqueezeNet's fire3
    plain = nn.Conv2d(128, 128, 3, padding=1).to(device)
    x = torch.randn(1, 128, 55, 55, device=device)
    with torch.no_grad():
        y = fire(x)
        assert y.shape == plain(x).shape == (1, 128, 55, 55)  # 64 + 64 channels, H×W kept
    n_fire, n_plain = count(fire), count(plain)
    assert count(fire.squeeze) == 128 * 16 + 16 == 2064
    assert count(fire.expand1) == 16 * 64 + 64 == 1088
    assert count(fire.expand3) == 9 * 16 * 64 + 64 == 9280
    assert n_fire == 12_432 and n_plain == 147_584
    # Only 16 channels enter the 3×3 convs: the squeeze is what makes the module cheap.
    assert fire.expand3.weight.shape == (64, 16, 3, 3)
    print(f"Fire(128, s=16, e1=64, e3=64): {n_fire:,} parameters; 3x3 conv 128->128: {n_plain:,}")
    print(f"about {n_plain / n_fire:.1f}x fewer")


if __name__ == "__main__":
    demo()
