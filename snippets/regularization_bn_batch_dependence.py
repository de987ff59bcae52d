"""In training mode BatchNorm's output for one sample depends on the rest of its batch."""

import torch
from torch import nn

# Which choice describes what a BN model in train() mode does to the same image x placed in
# two different batches.
CANDIDATES = {
    "A": "different outputs, identical in eval mode",
    "B": "identical outputs",
}


def answer(*, device="cpu"):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3)).to(device)
    x = torch.randn(1, 4, device=device)
    batch1 = torch.cat([x, torch.randn(7, 4, device=device)])
    batch2 = torch.cat([x, 5 + torch.randn(7, 4, device=device)])  # other batch-mates

    model.train()
    with torch.no_grad():
        out1, out2 = model(batch1)[0], model(batch2)[0]
    print("train mode, x in batch 1:", [round(v, 3) for v in out1.tolist()])
    print("train mode, x in batch 2:", [round(v, 3) for v in out2.tolist()])
    train_same = torch.allclose(out1, out2, atol=1e-6)

    model.eval()  # running statistics: x's output no longer depends on its batch
    with torch.no_grad():
        same_in_eval = torch.allclose(model(batch1)[0], model(batch2)[0], atol=1e-6)

    # A training batch of one has no spread to normalise with: BatchNorm refuses it.
    model.train()
    try:
        model(x)
    except ValueError as exc:
        print("train mode, batch of 1 -> ValueError:", exc)
    else:
        raise AssertionError("BatchNorm1d should refuse a training batch of one")

    outcome = "identical outputs" if train_same else "different outputs"
    if not train_same and same_in_eval:
        outcome += ", identical in eval mode"
    matches = [k for k, v in CANDIDATES.items() if v == outcome]
    assert len(matches) == 1, outcome
    return matches[0]


if __name__ == "__main__":
    print(answer())
