"""backward() on a non-scalar output needs a gradient argument; without one it raises."""

import torch


def answer(*, device="cpu"):
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True, device=device)
    y = x * 2
    try:
        y.backward()
    except RuntimeError as exc:
        print("RuntimeError:", exc)
        assert "scalar outputs" in str(exc)
        assert x.grad is None
        letter = "A"
    else:  # what the wrong choices claim would happen
        if x.grad is None:
            letter = "D"
        else:
            letter = "B" if x.grad.numel() == 3 else "C"
    # The two ways that do work: reduce to a scalar, or pass the weights of each output.
    (x * 2).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]
    x.grad = None
    (x * 2).backward(gradient=torch.ones(3, device=device))
    assert x.grad.tolist() == [2.0, 2.0, 2.0]
    return letter


if __name__ == "__main__":
    print(answer())
