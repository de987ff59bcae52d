"""nn.Conv2d slides the kernel as it is, without flipping it: a cross-correlation."""

import torch
import torch.nn.functional as F


def demo(*, device="cpu"):
    x = torch.arange(16.0, device=device).view(1, 1, 4, 4)
    k = torch.tensor([[1.0, 2.0], [3.0, 4.0]], device=device)  # not symmetric
    out = F.conv2d(x, k.view(1, 1, 2, 2))

    def slide(kernel):
        return torch.tensor(
            [
                [(x[0, 0, i : i + 2, j : j + 2] * kernel).sum().item() for j in range(3)]
                for i in range(3)
            ],
            device=device,
        )

    correlation = slide(k)  # Σ x[i+m, j+n]·k[m, n]
    convolution = slide(torch.flip(k, dims=[0, 1]))  # the textbook definition flips k
    print("F.conv2d        ", out[0, 0].tolist())
    print("kernel as is    ", correlation.tolist())
    print("kernel flipped  ", convolution.tolist())
    assert torch.equal(out[0, 0], correlation)
    assert not torch.equal(out[0, 0], convolution)
    # For a learned kernel the difference does not matter: training would learn the flip.
    flipped = F.conv2d(x, torch.flip(k, dims=[0, 1]).view(1, 1, 2, 2))
    assert torch.equal(flipped[0, 0], convolution)


if __name__ == "__main__":
    demo()
