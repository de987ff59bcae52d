"""The weight of Conv2d(C_in, C_out, K) is C_out filters, each of shape C_in×K×K."""

import torch
import torch.nn.functional as F
from torch import nn


def answer(c_in=3, c_out=16, kernel=5, *, device="cpu"):
    torch.manual_seed(0)
    conv = nn.Conv2d(c_in, c_out, kernel, device=device)
    x = torch.randn(1, c_in, 12, 12, device=device)
    with torch.no_grad():
        y = conv(x)
        assert y.shape[1] == c_out  # one feature map per filter
        last = c_out - 1
        alone = F.conv2d(x, conv.weight[last : last + 1], conv.bias[last : last + 1])
        assert torch.allclose(alone[0, 0], y[0, last], atol=1e-5)
    assert conv.bias.shape == (c_out,)  # one bias per filter, not per input channel
    return list(conv.weight.shape)


if __name__ == "__main__":
    print(answer())
