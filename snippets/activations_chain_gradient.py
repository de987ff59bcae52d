"""d(output)/d(input) through a chain of 1-unit layers: the per-layer factors w·f'(z) multiply."""

import torch
from torch import nn

ACTS = {"sigmoid": torch.sigmoid, "relu": torch.relu, "identity": lambda z: z}


def answer(layers=5, act="sigmoid", weight=1.0, *, device="cpu"):
    torch.manual_seed(0)
    f = ACTS[act]
    chain = [nn.Linear(1, 1, device=device, dtype=torch.float64) for _ in range(layers)]
    with torch.no_grad():
        for i, lin in enumerate(chain):
            lin.weight.fill_(weight)
            # For sigmoid, put every pre-activation at z = 0, where σ' peaks: the first layer
            # sees a0 = 0, the others see σ(0) = 0.5, cancelled by the bias −0.5·w.
            lin.bias.fill_(-0.5 * weight if (act == "sigmoid" and i > 0) else 0.0)
    a0 = 0.0 if act == "sigmoid" else 1.0  # ReLU/identity: a positive input keeps z > 0
    x = torch.tensor([[a0]], dtype=torch.float64, device=device, requires_grad=True)
    a, pre = x, []
    for lin in chain:
        z = lin(a)
        pre.append(z.item())
        a = f(z)
    a.sum().backward()
    grad = x.grad.item()
    per_layer = weight * {"sigmoid": 0.25, "relu": 1.0, "identity": 1.0}[act]
    if act == "sigmoid":
        assert all(abs(z) < 1e-12 for z in pre)  # the best case for σ'
    else:
        assert all(z > 0 for z in pre)
    assert abs(grad - per_layer**layers) <= 1e-9 * per_layer**layers
    return grad


def mistake_value_not_slope(layers=5, act="sigmoid", weight=1.0):
    """Multiplies sigma(0) = 0.5, the value, instead of sigma'(0) = 0.25."""
    return (0.5 * weight) ** layers if act == "sigmoid" else None


def mistake_added(layers=5, act="sigmoid", weight=1.0):
    """Adds the per-layer factors instead of multiplying them."""
    factor = 0.25 * weight if act == "sigmoid" else weight
    return None if layers == 1 else factor * layers


if __name__ == "__main__":
    for n in (2, 5, 10, 20):
        print(
            f"{n:2d} sigmoid layers: {answer(n):.3e}    {n:2d} ReLU layers, w = 2: "
            f"{answer(n, 'relu', 2.0):.3e}"
        )
