"""Early stopping with patience: stop after `patience` epochs without a new best validation loss."""

import torch
from torch import nn

VAL_LOSSES = [0.90, 0.72, 0.65, 0.66, 0.61, 0.63, 0.64, 0.67, 0.70, 0.74]  # epochs 1..10


def answer(patience=2, *, device="cpu"):
    torch.manual_seed(0)
    model = nn.Linear(2, 1, device=device)
    start = model.weight.detach().clone()
    losses = torch.tensor(VAL_LOSSES, device=device)
    best, best_epoch, bad, best_state = float("inf"), 0, 0, None
    stopped = len(VAL_LOSSES)
    for epoch, loss in enumerate(losses.tolist(), start=1):
        with torch.no_grad():  # stand-in for one epoch of training
            model.weight.add_(0.1)
        if loss < best:
            best, best_epoch, bad = loss, epoch, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}  # checkpoint
        else:
            bad += 1
            if bad >= patience:
                stopped = epoch
                break
    model.load_state_dict(best_state)  # restore the best checkpoint, not the last weights
    print(
        f"patience={patience}: stop after epoch {stopped}, restore epoch {best_epoch} "
        f"(val loss {best:.2f})"
    )
    assert torch.allclose(model.weight, start + 0.1 * best_epoch)  # the best epoch's weights
    assert VAL_LOSSES[best_epoch - 1] == min(VAL_LOSSES[:stopped])
    return stopped


if __name__ == "__main__":
    for p in (1, 2, 3, 4):
        answer(p)
