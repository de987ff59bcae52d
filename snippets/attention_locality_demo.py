"""CNN biases (locality, translation equivariance) vs global self-attention, shown with autograd."""

import torch
from torch import nn


def positions_touched(fn, x, channel_dim):
    """How many input positions one output depends on (inputs with a nonzero gradient)."""
    x = x.clone().requires_grad_(True)
    fn(x).backward()
    return int((x.grad.abs().sum(dim=channel_dim) > 0).sum())


def demo(*, device="cpu"):
    torch.manual_seed(0)
    channels, length = 8, 32
    conv = nn.Conv1d(channels, channels, kernel_size=3, padding=1, device=device)
    attn = nn.MultiheadAttention(channels, 2, batch_first=True, device=device)

    # Locality: an output of a 3-wide conv sees 3 neighbouring inputs; one self-attention
    # output already sees every token in the first layer.
    x = torch.randn(1, channels, length, device=device)  # (N, C, L) for the conv
    tokens = x.transpose(1, 2)  # (N, L, C) for attention
    mid = length // 2
    conv_field = positions_touched(lambda t: conv(t)[0, :, mid].sum(), x, channel_dim=1)
    attn_field = positions_touched(lambda t: attn(t, t, t)[0][0, mid].sum(), tokens, channel_dim=2)
    print(f"conv: one output depends on {conv_field} of {length} inputs")
    print(f"self-attention: one output depends on {attn_field} of {length} tokens")
    assert conv_field == 3
    assert attn_field == length

    # Translation equivariance from weight sharing: shift the input, the output shifts too.
    shifted = torch.roll(x, 5, dims=-1)
    circular = nn.Conv1d(channels, channels, 3, padding=1, padding_mode="circular", device=device)
    with torch.no_grad():
        assert torch.allclose(torch.roll(circular(x), 5, dims=-1), circular(shifted), atol=1e-5)
    print("conv: shifting the input by 5 shifts the output by 5")

    # Self-attention has no built-in notion of neighbourhood: without position embeddings it
    # treats the tokens as an unordered set, so any shuffle, a shift included, only shuffles
    # the outputs. It cannot tell neighbours from tokens far apart.
    perm = torch.randperm(length, device=device)
    with torch.no_grad():
        out = attn(tokens, tokens, tokens)[0]
        out_perm = attn(tokens[:, perm], tokens[:, perm], tokens[:, perm])[0]
    assert torch.allclose(out[:, perm], out_perm, atol=1e-5)
    print("self-attention: shuffling the tokens only shuffles the outputs (no notion of layout)")

    # ViT adds a learned absolute position embedding to say where each patch is. That breaks
    # the equivariance: the same content shifted by 5 tokens no longer gives shifted outputs,
    # so treating a moved object the same way has to be learned from data.
    pos = torch.randn(1, length, channels, device=device)

    def vit_layer(t):
        t = t + pos
        return attn(t, t, t)[0]

    with torch.no_grad():
        moved = vit_layer(torch.roll(tokens, 5, dims=1))
        gap = (torch.roll(vit_layer(tokens), 5, dims=1) - moved).abs().max().item()
    print(f"with position embeddings: a shifted input changes the outputs by up to {gap:.2f}")
    assert gap > 0.1


if __name__ == "__main__":
    demo()
