"""What requires_grad=False does and does not do, on a small model with BatchNorm and Dropout."""

import torch
from torch import nn


def answer(*, device="cpu"):
    torch.manual_seed(0)
    backbone = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU(), nn.Dropout(0.5))
    head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 2))
    model = nn.Sequential(backbone, head).to(device)
    n_total = sum(p.numel() for p in model.parameters())
    backbone.requires_grad_(False)  # freeze (the model is still in its default train() mode)
    still_training = backbone.training and backbone[3].training
    dropout_active = bool((backbone[3](torch.ones(1000, device=device)) == 0).any())

    running_mean = backbone[1].running_mean.clone()
    x = torch.randn(4, 3, 10, 10, device=device)
    out = model(x)
    out.sum().backward()
    claims = {}
    # A: frozen parameters get no gradient
    claims["A"] = all(p.grad is None for p in backbone.parameters())
    assert head[2].weight.grad is not None  # while the head does get one
    # B: frozen layers still run in the forward pass: changing their weights changes the output
    with torch.no_grad():
        model.eval()  # switch Dropout off so that the two outputs are comparable
        ref = model(x)
        backbone[0].weight.mul_(2.0)
        claims["B"] = not torch.allclose(ref, model(x))
        backbone[0].weight.div_(2.0)
        model.train()
    # C: in train() mode BatchNorm's running statistics keep updating although the layer is frozen
    claims["C"] = not torch.equal(running_mean, backbone[1].running_mean)
    # D: frozen parameters vanish from the state_dict
    claims["D"] = "0.0.weight" not in model.state_dict()
    # E: freezing switches the layers to eval mode (so Dropout stops)
    claims["E"] = not (still_training and dropout_active)
    # F: sum(p.numel() for p in model.parameters()) now counts only trainable parameters
    claims["F"] = sum(p.numel() for p in model.parameters()) != n_total
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"parameters() counts {n_total}; trainable (requires_grad) {trainable}")
    names = {
        "A": "frozen .grad stays None after backward()",
        "B": "frozen layers still shape the output",
        "C": "BatchNorm running_mean still changes in train()",
        "D": "frozen weights missing from state_dict()",
        "E": "freezing switched the layers to eval (Dropout off)",
        "F": "parameters() counts only trainable ones",
    }
    for letter, holds in claims.items():
        print(f"{names[letter]:52s} {'holds' if holds else 'fails'}")
    return [letter for letter, holds in claims.items() if holds]


if __name__ == "__main__":
    print(answer())
