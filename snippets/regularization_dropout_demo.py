"""nn.Dropout(p) zeroes about p of the units in train mode and is the identity in eval mode."""

import torch
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)
    x = torch.ones(100_000, device=device)
    for p in (0.2, 0.5, 0.8):
        drop = nn.Dropout(p=p).to(device)

        drop.train()  # what model.train() does to every submodule
        y = drop(x)
        zero_frac = (y == 0).float().mean().item()
        kept = y[y != 0]
        print(
            f"p={p}: train mode zeroes {zero_frac:.3f} of the units, "
            f"kept ones become {kept[0].item():.3f} = 1/(1-p), mean {y.mean().item():.3f}"
        )
        assert abs(zero_frac - p) < 0.01  # about p of the units are dropped
        assert torch.allclose(kept, torch.full_like(kept, 1 / (1 - p)))  # inverted dropout
        assert abs(y.mean().item() - 1.0) < 0.02  # so the expected output stays x

        drop.eval()  # what model.eval() does
        z = drop(x)
        print(f"        eval mode: identity? {torch.equal(z, x)}")
        assert torch.equal(z, x)  # nothing dropped, nothing scaled
        assert not torch.equal(drop.train()(x), drop.train()(x))  # a new mask on every call


if __name__ == "__main__":
    demo()
