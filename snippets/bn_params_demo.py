"""BatchNorm2d(C) learns 2*C values (gamma, beta); running statistics are buffers."""

import torch
from torch import nn


def demo(*, device="cpu"):
    for c in (64, 256):
        bn = nn.BatchNorm2d(c, device=device)
        bn(torch.randn(4, c, 5, 5, device=device))  # a training step updates the buffers
        learnable = sum(p.numel() for p in bn.parameters())
        buffers = {name: b.numel() for name, b in bn.named_buffers()}
        print(
            f"BatchNorm2d({c}): parameters {learnable} (weight=gamma, bias=beta), buffers {buffers}"
        )
        assert learnable == 2 * c
        assert buffers == {"running_mean": c, "running_var": c, "num_batches_tracked": 1}
        assert all(p.requires_grad for p in bn.parameters())
        assert len(bn.state_dict()) == 5  # saved, yet only two tensors are trained

    frozen = nn.BatchNorm2d(256, affine=False, device=device)
    assert sum(p.numel() for p in frozen.parameters()) == 0


if __name__ == "__main__":
    demo()
