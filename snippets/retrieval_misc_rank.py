"""Ranks a tiny gallery by cosine similarity; dot product and Euclidean distance disagree."""

import torch
import torch.nn.functional as F

QUERY = [1.0, 1.0, 0.0]
# The gallery of the question: choice letter (YAML order) -> (image name, feature vector).
GALLERY = {
    "A": ("image 1", [3.0, 4.0, 0.0]),
    "B": ("image 2", [10.0, 0.0, 5.0]),
    "C": ("image 3", [1.0, 0.0, 0.0]),
    "D": ("image 4", [-2.0, -2.0, 0.0]),
}


def answer(*, device="cpu"):
    torch.manual_seed(0)
    q = torch.tensor(QUERY, device=device)
    g = torch.tensor([vec for _, vec in GALLERY.values()], device=device)
    letters = list(GALLERY)
    cos = F.cosine_similarity(q[None, :], g, dim=1)  # one score per gallery image
    dot = g @ q
    dist = torch.cdist(q[None, :], g)[0]
    for i, (name, vec) in enumerate(GALLERY.values()):
        print(f"{name} {vec}: cos {cos[i]:+.3f}  dot {dot[i]:+5.1f}  distance {dist[i]:.2f}")
    ranking = [letters[i] for i in cos.argsort(descending=True).tolist()]
    print("ranked by cosine similarity:", ", ".join(GALLERY[letter][0] for letter in ranking))
    assert letters[int(dot.argmax())] == "B"  # the raw dot product favours the longest vector
    assert letters[int(dist.argmin())] == "C"  # the nearest point is not the best-aligned one
    assert letters[int(cos.argmin())] == "D"  # cos = -1: opposite direction, the least similar
    return ranking[0]


if __name__ == "__main__":
    print(answer())
