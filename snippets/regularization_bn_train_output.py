"""BatchNorm1d in training mode: normalise with the batch's own mean and biased variance."""

import ast
import math

import torch
from torch import nn


def answer(batch="(2, 4, 6, 8)", i=1, gamma=1.0, beta=0.0, *, device="cpu"):
    values = [float(v) for v in ast.literal_eval(batch)]
    x = torch.tensor(values, dtype=torch.float64, device=device).view(-1, 1)
    bn = nn.BatchNorm1d(1, dtype=torch.float64, device=device)  # eps=1e-5
    with torch.no_grad():
        bn.weight.fill_(gamma)
        bn.bias.fill_(beta)
    bn.train()
    y = bn(x).view(-1)

    # By hand: mean, variance divided by N (not N − 1), then scale and shift; eps = 1e-5
    # only guards against dividing by zero.
    n = len(values)
    mean = sum(values) / n
    var = sum((v - mean) ** 2 for v in values) / n
    by_hand = [gamma * (v - mean) / (var + bn.eps) ** 0.5 + beta for v in values]
    assert torch.allclose(y, torch.tensor(by_hand, dtype=torch.float64, device=device))
    # running_var, by contrast, is updated with the unbiased N − 1 estimate.
    assert abs(bn.running_var.item() - (0.9 + 0.1 * var * n / (n - 1))) < 1e-12
    return round(y[i - 1].item(), 4)  # i counts from 1, as in the prompt


def _normalised(batch, i, gamma, beta, *, ddof=0, affine=True):
    values = [float(v) for v in ast.literal_eval(batch)]
    mean = sum(values) / len(values)
    var = sum((v - mean) ** 2 for v in values) / (len(values) - ddof)
    x_hat = (values[i - 1] - mean) / math.sqrt(var + 1e-5)
    return gamma * x_hat + beta if affine else x_hat


def mistake_unbiased(batch="(2, 4, 6, 8)", i=1, gamma=1.0, beta=0.0):
    """Divides the variance by N - 1, as running_var's update does."""
    value = _normalised(batch, i, gamma, beta, ddof=1)
    return None if abs(value - _normalised(batch, i, gamma, beta)) < 0.02 else value


def mistake_no_affine(batch="(2, 4, 6, 8)", i=1, gamma=1.0, beta=0.0):
    """Stops at the normalised value, without gamma and beta."""
    value = _normalised(batch, i, gamma, beta, affine=False)
    return None if abs(value - _normalised(batch, i, gamma, beta)) < 0.02 else value


if __name__ == "__main__":
    for b in ("(2, 4, 6, 8)", "(0, 0, 4, 4)", "(1, 2, 3, 10)", "(5, 5, 5, 9)"):
        print(b, "value 1:", answer(b, 1), " value 4:", answer(b, 4))
