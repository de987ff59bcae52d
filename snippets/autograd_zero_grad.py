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
    assert torch.allclose(model.weight.grad, 2 * g1)  # backward() adds into .grad
    print("one backward      ", [round(v, 4) for v in g1.flatten().tolist()])
    print("two, no zero_grad ", [round(v, 4) for v in model.weight.grad.flatten().tolist()])

    # A real SGD with momentum takes one step: its state now holds a momentum buffer per
    # parameter (torch.optim.SGD stores it as optimizer.state[p]["momentum_buffer"]).
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    optimizer.step()
    buffer = optimizer.state[model.weight]["momentum_buffer"]
    assert torch.equal(buffer, model.weight.grad)  # first step: buffer = the gradient
    weights = model.weight.detach().clone()
    saved = buffer.clone()

    optimizer.zero_grad()
    assert all(p.grad is None for p in model.parameters())  # cleared (set_to_none=True)
    assert torch.equal(model.weight, weights)  # 'sets the weights to zero' is wrong
    after = optimizer.state[model.weight]["momentum_buffer"]
    assert torch.equal(after, saved) and after.abs().sum() > 0  # 'resets momentum' is wrong
    print("momentum_buffer after zero_grad:", [round(v, 4) for v in after.flatten().tolist()])

    out = loss()
    out.backward()  # 'frees the graph' is wrong: backward() does
    try:
        out.backward()
    except RuntimeError:
        print("second backward on the same graph -> RuntimeError (graph already freed)")
    else:
        raise AssertionError("the graph should have been freed by the first backward")


if __name__ == "__main__":
    demo()
