"""Degradation versus overfitting, measured: which statements hold for deep plain nets."""

import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, depth, residual=False, dropout=0.0):
        super().__init__()
        self.residual = residual
        self.inp = nn.Linear(1, 16)
        self.hidden = nn.ModuleList(nn.Linear(16, 16) for _ in range(depth))
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(16, 1)

    def forward(self, x):
        h = torch.tanh(self.inp(x))
        for layer in self.hidden:
            step = self.drop(torch.tanh(layer(h)))
            h = h + step if self.residual else step
        return self.out(h)


def fit(model, x, y, steps=150):
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(steps):
        opt.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        return nn.functional.mse_loss(model(x), y).item()


def answer(*, device="cpu"):
    x = torch.linspace(-2, 2, 64, device=device).unsqueeze(1)
    y = torch.sin(3 * x)
    losses = {}
    for name, kwargs in {
        "4 plain": {"depth": 4},
        "12 plain": {"depth": 12},
        "12 plain + dropout": {"depth": 12, "dropout": 0.1},
        "12 residual": {"depth": 12, "residual": True},
    }.items():
        torch.manual_seed(0)
        losses[name] = fit(Net(**kwargs).to(device), x, y)
        print(f"{name:20} training loss {losses[name]:.4f}")
    facts = {
        # A: the deeper plain net has the higher TRAINING error.
        "A": losses["12 plain"] > 5 * losses["4 plain"],
        # B: regularisation (dropout) brings the deep plain net's training loss down to the
        # shallow one's.
        "B": losses["12 plain + dropout"] < 2 * losses["4 plain"],
        # C: shortcut connections let the 12-layer net beat the 4-layer one.
        "C": losses["12 residual"] < losses["4 plain"],
    }
    # D: a block whose residual branch is zero is exactly the identity (so extra blocks can
    # "do nothing" without having to learn an identity map through tanh layers).
    block = nn.Linear(16, 16, device=device)
    with torch.no_grad():
        block.weight.zero_()
        block.bias.zero_()
        h = torch.randn(5, 16, device=device)
        facts["D"] = bool(torch.equal(h + torch.tanh(block(h)), h))
        # E: a plain tanh layer with zero weights is also the identity.
        facts["E"] = bool(torch.equal(torch.tanh(block(h)), h))
    print({k: bool(v) for k, v in facts.items()})
    return [k for k, v in facts.items() if v]


if __name__ == "__main__":
    print(answer())
