"""A 20-layer ReLU MLP under four initialisations: only Kaiming keeps the signal's scale."""

import torch
from torch import nn

WIDTH, DEPTH = 256, 20


def final_std(init, *, device):
    torch.manual_seed(0)
    x = torch.randn(32, WIDTH, device=device)
    h = x
    for _ in range(DEPTH):
        lin = nn.Linear(WIDTH, WIDTH, bias=False, device=device)
        with torch.no_grad():
            init(lin.weight)
            h = torch.relu(lin(h))
    # Root mean square of the last activations relative to the input's.
    h, x = h.double(), x.double()  # float64: the N(0, 1) case grows past float32's range if squared
    return (h.pow(2).mean().sqrt() / x.pow(2).mean().sqrt()).item(), h


def answer(*, device="cpu"):
    inits = {  # YAML order of the choices
        "A": nn.init.xavier_normal_,
        "B": lambda w: nn.init.kaiming_normal_(w, nonlinearity="relu"),
        "C": nn.init.zeros_,
        "D": nn.init.normal_,  # N(0, 1)
    }
    ratios = {}
    for letter, init in inits.items():
        ratio, h = final_std(init, device=device)
        ratios[letter] = ratio
        print(f"{letter}: RMS after {DEPTH} ReLU layers / RMS of input = {ratio:.3g}")
    # Xavier halves the signal's second moment at every ReLU layer: about (1/√2)^20 ≈ 1e-3.
    assert ratios["A"] < 0.01
    assert 0.5 < ratios["B"] < 2.0
    assert ratios["C"] == 0.0  # every unit outputs 0: nothing to learn from, all symmetric
    assert ratios["D"] > 1e15  # each layer multiplies the scale by about √(256/2) ≈ 11
    (letter,) = [k for k, r in ratios.items() if 0.5 < r < 2.0]
    return letter


if __name__ == "__main__":
    print(answer())
