"""cross_entropy(z, y) == nll_loss(log_softmax(z), y); softmax without log, or twice, is not."""

import torch
import torch.nn.functional as F
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)
    z = torch.randn(8, 4, device=device) * 3  # logits: 8 samples, 4 classes
    y = torch.randint(0, 4, (8,), device=device)
    ce = F.cross_entropy(z, y)

    options = {
        "A nll_loss(log_softmax(z))": F.nll_loss(F.log_softmax(z, dim=1), y),
        "B nll_loss(softmax(z))": F.nll_loss(F.softmax(z, dim=1), y),
        "C nll_loss(log(softmax(z)))": F.nll_loss(torch.log(F.softmax(z, dim=1)), y),
        "D cross_entropy(softmax(z))": F.cross_entropy(F.softmax(z, dim=1), y),
        "E -log_softmax(z)[i, y_i].mean()": -F.log_softmax(z, dim=1)[torch.arange(8), y].mean(),
    }
    print(f"{'F.cross_entropy(z, y)':34s} {ce.item():+.4f}")
    for name, v in options.items():
        print(f"{name:34s} {v.item():+.4f}")
    same = {k[0] for k, v in options.items() if torch.allclose(v, ce, atol=1e-5)}
    assert same == {"A", "C", "E"}, same
    # B: NLLLoss just picks −input[i, y_i]: on probabilities that is −p, a negative "loss".
    assert options["B nll_loss(softmax(z))"].item() < 0
    # The module versions agree too: CrossEntropyLoss = LogSoftmax + NLLLoss.
    assert torch.allclose(nn.CrossEntropyLoss()(z, y), nn.NLLLoss()(nn.LogSoftmax(dim=1)(z), y))

    # Why A beats C: log(softmax) underflows for extreme logits, log_softmax does not.
    big = torch.tensor([[200.0, 0.0]], device=device)
    t = torch.tensor([1], device=device)
    print(
        "extreme logits: A",
        F.nll_loss(F.log_softmax(big, dim=1), t).item(),
        " C",
        F.nll_loss(torch.log(F.softmax(big, dim=1)), t).item(),
    )
    assert F.nll_loss(F.log_softmax(big, dim=1), t).item() == 200.0
    assert torch.isinf(F.nll_loss(torch.log(F.softmax(big, dim=1)), t))


if __name__ == "__main__":
    demo()
