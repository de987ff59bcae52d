"""In eval mode BatchNorm normalizes with running_mean/running_var, not the test batch's stats."""

import torch
from torch import nn


def answer(*, device="cpu"):
    torch.manual_seed(0)
    bn = nn.BatchNorm2d(3, device=device)
    with torch.no_grad():
        bn.weight.fill_(2.0)  # gamma
        bn.bias.fill_(0.5)  # beta
    bn.train()
    for _ in range(30):  # training batches: mean about 5, std about 2
        bn(5 + 2 * torch.randn(16, 3, 4, 4, device=device))

    bn.eval()
    test = -1 + 0.5 * torch.randn(4, 3, 4, 4, device=device)  # a test batch, shifted data
    with torch.no_grad():
        out = bn(test)

    def norm(x, mean, var):
        shape = (1, -1, 1, 1)
        return (x - mean.view(shape)) / torch.sqrt(var.view(shape) + bn.eps)

    gamma, beta = bn.weight.view(1, -1, 1, 1), bn.bias.view(1, -1, 1, 1)
    batch_mean = test.mean(dim=(0, 2, 3))
    batch_var = test.var(dim=(0, 2, 3), unbiased=False)
    zero, one = torch.zeros(3, device=device), torch.ones(3, device=device)
    candidates = {
        "A": gamma * norm(test, batch_mean, batch_var) + beta,  # the test batch's statistics
        "B": gamma * norm(test, bn.running_mean, bn.running_var) + beta,  # running statistics
        "C": test,  # skipped entirely
        "D": gamma * norm(test, zero, one) + beta,  # fixed mean 0, variance 1
    }
    matches = [k for k, v in candidates.items() if torch.allclose(out, v, atol=1e-5)]
    print(
        "running_mean",
        [round(v, 2) for v in bn.running_mean.tolist()],
        "running_var",
        [round(v, 2) for v in bn.running_var.tolist()],
    )
    print("eval-mode output matches:", matches)
    assert len(matches) == 1
    return matches[0]


if __name__ == "__main__":
    print(answer())
