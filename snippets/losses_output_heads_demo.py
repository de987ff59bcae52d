"""Which output activation and loss fit regression, binary, multi-class and multi-label tasks."""

import torch
import torch.nn.functional as F
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)

    # Multi-label: the target (1, 1, 0, 0, 1) says three tags are present at once.
    z = torch.tensor([[3.0, 2.5, -2.0, -3.0, 2.0]], device=device)
    multi_hot = torch.tensor([[1.0, 1.0, 0.0, 0.0, 1.0]], device=device)
    p_soft, p_sig = torch.softmax(z, dim=1), torch.sigmoid(z)
    print(
        "softmax:", [round(v, 3) for v in p_soft[0].tolist()], " sum", round(p_soft.sum().item(), 3)
    )
    print("sigmoid:", [round(v, 3) for v in p_sig[0].tolist()])
    assert abs(p_soft.sum().item() - 1) < 1e-6  # the classes compete for one unit of mass ...
    assert (p_soft > 0.5).sum().item() <= 1  # ... so at most one tag can pass 0.5
    assert ((p_sig > 0.5).float() == multi_hot).all()  # independent yes/no per tag
    # BCEWithLogitsLoss = sigmoid + BCELoss, computed stably in one step.
    assert torch.allclose(
        nn.BCEWithLogitsLoss()(z, multi_hot), nn.BCELoss()(torch.sigmoid(z), multi_hot)
    )

    # Multi-class: CrossEntropyLoss takes raw logits (D) and equals LogSoftmax + NLLLoss (F).
    logits = torch.randn(6, 10, device=device)
    y = torch.randint(0, 10, (6,), device=device)
    ce = nn.CrossEntropyLoss()(logits, y)
    assert torch.allclose(ce, nn.NLLLoss()(nn.LogSoftmax(dim=1)(logits), y))
    # C: a Softmax layer before CrossEntropyLoss applies softmax twice and changes the loss.
    assert not torch.allclose(ce, nn.CrossEntropyLoss()(torch.softmax(logits, dim=1), y))

    # Binary (B): one logit with BCEWithLogitsLoss = a 2-class softmax with logits (0, z).
    s = torch.randn(6, device=device)
    t = torch.randint(0, 2, (6,), device=device)
    two = torch.stack([torch.zeros_like(s), s], dim=1)
    assert torch.allclose(nn.BCEWithLogitsLoss()(s, t.float()), F.cross_entropy(two, t))

    # Regression (A): only an identity output can reach a target like 250.0.
    target = torch.tensor([250.0], device=device)
    out = torch.tensor([250.0], device=device)
    assert nn.MSELoss()(out, target).item() == 0.0
    assert nn.MSELoss()(torch.sigmoid(out), target).item() >= 249**2  # sigmoid stops at 1
    print("all pairings checked")


if __name__ == "__main__":
    demo()
