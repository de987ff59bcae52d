"""Degradation: a deeper plain net ends with a HIGHER training loss; the residual one does not."""

import torch
from torch import nn


class Net(nn.Module):
    """A 1 → 16 → … → 16 → 1 tanh MLP with `depth` hidden layers, plain or residual."""

    def __init__(self, depth, residual):
        super().__init__()
        self.residual = residual
        self.inp = nn.Linear(1, 16)
        self.hidden = nn.ModuleList(nn.Linear(16, 16) for _ in range(depth))
        self.out = nn.Linear(16, 1)

    def forward(self, x):
        h = torch.tanh(self.inp(x))
        for layer in self.hidden:
            h = h + torch.tanh(layer(h)) if self.residual else torch.tanh(layer(h))
        return self.out(h)


def training_loss(depth, residual, device, steps=150):
    torch.manual_seed(0)
    x = torch.linspace(-2, 2, 64, device=device).unsqueeze(1)
    y = torch.sin(3 * x)
    model = Net(depth, residual).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
    return loss.item()


def demo(*, device="cpu"):
    shallow = training_loss(4, residual=False, device=device)
    deep = training_loss(12, residual=False, device=device)
    deep_res = training_loss(12, residual=True, device=device)
    print(f"training loss after 150 steps:  4 plain layers {shallow:.4f}")
    print(f"                               12 plain layers {deep:.4f}")
    print(f"                            12 residual layers {deep_res:.4f}")
    # The deeper plain net is worse on the very data it trains on: not overfitting (that
    # would be a LOW training loss with a high validation loss) but an optimisation failure.
    assert deep > 5 * shallow
    assert deep_res < shallow

    # It is not a lack of capacity: a 12-layer residual net whose extra 8 blocks have F = 0
    # computes exactly what the 4-layer net computes, so the deep net's best is never worse.
    torch.manual_seed(1)
    small, big = Net(4, residual=True).to(device), Net(12, residual=True).to(device)
    with torch.no_grad():
        big.inp.load_state_dict(small.inp.state_dict())
        big.out.load_state_dict(small.out.state_dict())
        for i, layer in enumerate(big.hidden):
            if i < 4:
                layer.load_state_dict(small.hidden[i].state_dict())
            else:
                layer.weight.zero_()
                layer.bias.zero_()  # tanh(0) = 0: the block is the identity
        x = torch.linspace(-2, 2, 9, device=device).unsqueeze(1)
        assert torch.allclose(big(x), small(x), atol=1e-6)


if __name__ == "__main__":
    demo()
