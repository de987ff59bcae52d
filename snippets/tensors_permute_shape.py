"""permute reorders dimensions: NHWC images to NCHW and back, read off PyTorch."""

import ast

import torch


def answer(n=8, h=32, w=48, perm="(0, 3, 1, 2)", *, device="cpu"):
    order = ast.literal_eval(perm)
    x = torch.zeros(n, h, w, 3, device=device)
    out = x.permute(*order)
    # Output dimension i is input dimension order[i].
    assert list(out.shape) == [x.shape[d] for d in order]
    assert out.data_ptr() == x.data_ptr()  # a view with reordered strides, no copy
    if list(order) != sorted(order):
        assert not out.is_contiguous()  # so .view(-1) on it would fail; reshape works
    return list(out.shape)


if __name__ == "__main__":
    for p in ("(0, 3, 1, 2)", "(0, 2, 1, 3)", "(3, 0, 1, 2)", "(0, 3, 2, 1)"):
        print(f"x (8, 32, 48, 3).permute{p} -> {answer(8, 32, 48, p)}")
