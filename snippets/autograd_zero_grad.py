"""Why zero_grad: backward accumulates into .grad; zero_grad leaves weights and momentum alone."""

import torch
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)
    model = nn.Linear(3, 1, device=device)
    x, t = torch.randn(4, 3, device=device), torch.randn(4, 1, device=device)

    def loss():
        return ((model(x) - t) ** 2).mean()

    loss().backward()
    g1 = model.weight.grad.clone()
    loss().backward()  # same batch again, no zero_grad in between
    assert torch.allclose(model.weight.grad, 2 * g1)  # A: the gradients were added
    print("one backward      ", [round(v, 4) for v in g1.flatten().tolist()])
    print("two, no zero_grad ", [round(v, 4) for v in model.weight.grad.flatten().tolist()])

    # One SGD-with-momentum step by hand (what torch.optim.SGD(momentum=0.9) keeps in its
    # state as 'momentum_buffer'): buffer ← 0.9·buffer + grad, w ← w − lr·buffer.
    momentum = {p: torch.zeros_like(p) for p in model.parameters()}
    with torch.no_grad():
        for p in model.parameters():
            momentum[p].mul_(0.9).add_(p.grad)
            p -= 0.1 * momentum[p]
    weights = model.weight.detach().clone()
    buffer = momentum[model.weight].clone()

    model.zero_grad()  # optimizer.zero_grad() does the same for the parameters it holds
    assert all(p.grad is None for p in model.parameters())  # cleared (set_to_none=True)
    assert torch.equal(model.weight, weights)  # B is wrong: the weights are untouched
    assert torch.equal(momentum[model.weight], buffer)  # D is wrong: only .grad is cleared

    out = loss()
    out.backward()  # C is wrong: backward itself frees the graph...
    try:
        out.backward()
    except RuntimeError:
        print("second backward on the same graph -> RuntimeError (graph already freed)")
    else:
        raise AssertionError("the graph should have been freed by the first backward")


if __name__ == "__main__":
    demo()
