"""cross_entropy(z, y) == nll_loss(log_softmax(z), y) for every z; log(softmax(z)) only for
moderate logits; softmax without log, or twice, never."""

import torch
import torch.nn.functional as F
from torch import nn

# The question's choices, in YAML order.
OPTIONS = {
    "nll_loss(log_softmax(z))": lambda z, y: F.nll_loss(F.log_softmax(z, dim=1), y),
    "nll_loss(softmax(z))": lambda z, y: F.nll_loss(F.softmax(z, dim=1), y),
    "nll_loss(log(softmax(z)))": lambda z, y: F.nll_loss(torch.log(F.softmax(z, dim=1)), y),
    "cross_entropy(softmax(z))": lambda z, y: F.cross_entropy(F.softmax(z, dim=1), y),
    "-log_softmax(z)[i, y_i].mean()": lambda z, y: (
        -F.log_softmax(z, dim=1)[torch.arange(len(y), device=z.device), y].mean()
    ),
}
KEY = {"nll_loss(log_softmax(z))", "-log_softmax(z)[i, y_i].mean()"}


def agreeing(z, y):
    """The options whose value equals F.cross_entropy(z, y) on these logits."""
    ce = F.cross_entropy(z, y)
    print(f"  {'F.cross_entropy(z, y)':32s} {ce.item():+.4f}")
    same = set()
    for name, option in OPTIONS.items():
        value = option(z, y)
        print(f"  {name:32s} {value.item():+.4f}")
        if torch.allclose(value, ce, atol=1e-5):
            same.add(name)
    return same


def demo(*, device="cpu"):
    torch.manual_seed(0)
    y = torch.randint(0, 4, (8,)).to(device)
    moderate = (torch.randn(8, 4) * 3).to(device)  # logits: 8 samples, 4 classes
    print("moderate logits:")
    on_moderate = agreeing(moderate, y)
    assert on_moderate == KEY | {"nll_loss(log(softmax(z)))"}, on_moderate

    # One sample whose correct class trails by 200: softmax underflows to exactly 0 for it
    # (float32 ends near e^-104), and log(0) = -inf. log_softmax computes z - logsumexp(z).
    extreme = moderate.clone()
    extreme[0] = 0.0
    extreme[0, (y[0] + 1) % 4] = 200.0
    print("one sample's correct class 200 below another class:")
    on_extreme = agreeing(extreme, y)
    assert on_extreme == KEY, on_extreme
    assert torch.isinf(OPTIONS["nll_loss(log(softmax(z)))"](extreme, y))

    # NLLLoss just picks −input[i, y_i]: on probabilities that is −p, a negative "loss".
    assert OPTIONS["nll_loss(softmax(z))"](moderate, y).item() < 0
    # The module versions agree too: CrossEntropyLoss = LogSoftmax + NLLLoss.
    ce_module = nn.CrossEntropyLoss()(extreme, y)
    assert torch.allclose(ce_module, nn.NLLLoss()(nn.LogSoftmax(dim=1)(extreme), y))


if __name__ == "__main__":
    demo()
