"""A tensor that requires grad must be detached before .numpy(); detach shares memory."""

import importlib.util

import torch


def demo(*, device="cpu"):
    w = torch.ones(3, requires_grad=True, device=device)
    y = w * 2
    assert y.requires_grad and y.grad_fn is not None  # y is part of the graph

    d = y.detach()
    assert not d.requires_grad and d.grad_fn is None  # cut off from the graph
    assert d.data_ptr() == y.data_ptr()  # no copy: same memory as y
    print("y              ", y)
    print("y.detach()     ", d)

    if importlib.util.find_spec("numpy") is None:
        print("NumPy is not installed here: the .numpy() calls themselves are skipped.")
        return
    for name, t in (("y", y), ("w", w)):
        try:
            t.numpy()
        except (RuntimeError, TypeError) as exc:  # TypeError: a GPU tensor needs .cpu() first
            print(f"{name}.numpy()      -> {type(exc).__name__}: {exc}")
            assert "requires grad" in str(exc) or t.device.type != "cpu"
        else:
            raise AssertionError(f"{name}.numpy() should refuse a tensor that requires grad")
    arr = y.detach().cpu().numpy()
    print("detach().cpu().numpy() ->", arr.tolist())
    assert arr.tolist() == [2.0, 2.0, 2.0]
    if y.device.type == "cpu":
        d.mul_(10)  # the array is a view of the same memory on the CPU
        assert arr.tolist() == [20.0, 20.0, 20.0]


if __name__ == "__main__":
    demo()
