"""squeeze removes size-1 dimensions, unsqueeze inserts one: shapes read off PyTorch."""

import torch

EXPRESSIONS = {
    "x.squeeze()": lambda x: x.squeeze(),
    "x.squeeze(0)": lambda x: x.squeeze(0),
    "x.squeeze(1)": lambda x: x.squeeze(1),
    "x.unsqueeze(0)": lambda x: x.unsqueeze(0),
    "x.unsqueeze(-1)": lambda x: x.unsqueeze(-1),
    "x.squeeze().unsqueeze(1)": lambda x: x.squeeze().unsqueeze(1),
}


def answer(c=3, w=28, expr="x.squeeze()", *, device="cpu"):
    assert c > 1 and w > 1
    x = torch.zeros(1, c, 1, w, device=device)
    out = EXPRESSIONS[expr](x)
    expected = {
        "x.squeeze()": [c, w],  # every size-1 dimension goes
        "x.squeeze(0)": [c, 1, w],
        "x.squeeze(1)": [1, c, 1, w],  # dim 1 has size c, not 1: silently nothing happens
        "x.unsqueeze(0)": [1, 1, c, 1, w],
        "x.unsqueeze(-1)": [1, c, 1, w, 1],
        "x.squeeze().unsqueeze(1)": [c, 1, w],
    }[expr]
    assert list(out.shape) == expected
    assert out.data_ptr() == x.data_ptr()  # both are views: no data is copied
    return list(out.shape)


if __name__ == "__main__":
    for e in EXPRESSIONS:
        print(f"{e:26} {answer(3, 28, e)}")
