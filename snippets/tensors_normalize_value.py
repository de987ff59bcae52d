"""A uint8 pixel through ToTensor (÷255) and Normalize ((x − mean) / std), channel by channel.

torchvision is not installed here, so both transforms are written with plain torch ops, the
way transforms.ToTensor() and transforms.Normalize(mean, std) compute them.
"""

import torch

MEAN = (0.485, 0.456, 0.406)  # ImageNet statistics, as in the course's VGG retrieval code
STD = (0.229, 0.224, 0.225)


def to_tensor(pic):
    return pic.permute(2, 0, 1).float().div(255)


def normalize(x, mean, std):
    mean = torch.tensor(mean, device=x.device).view(-1, 1, 1)
    std = torch.tensor(std, device=x.device).view(-1, 1, 1)
    return (x - mean) / std


def answer(p=128, c=0, *, device="cpu"):
    pic = torch.zeros(2, 2, 3, dtype=torch.uint8, device=device)  # H, W, C
    pic[1, 0, c] = p
    x = normalize(to_tensor(pic), MEAN, STD)
    value = x[c, 1, 0].item()
    assert abs(value - (p / 255 - MEAN[c]) / STD[c]) < 1e-5
    # Each channel has its own mean and std: a 0 pixel in another channel is not 0 either.
    other = (c + 1) % 3
    assert abs(x[other, 1, 0].item() + MEAN[other] / STD[other]) < 1e-5
    return round(value, 4)


if __name__ == "__main__":
    for p in (0, 128, 255):
        print(f"pixel {p:3} -> R {answer(p, 0):+.4f}  G {answer(p, 1):+.4f}  B {answer(p, 2):+.4f}")
