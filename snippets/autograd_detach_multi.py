"""Which results are cut off from the graph (requires_grad False)? Each one is built and checked."""

import torch

CANDIDATES = {
    "A": lambda w: w.detach(),
    "B": None,  # w * 2 under torch.no_grad(), built below
    "C": lambda w: w.clone(),
    "D": lambda w: w[0],
    "E": lambda w: (w * 2).detach(),
    "F": lambda w: w.detach() + w,
}


def answer(*, device="cpu"):
    torch.manual_seed(0)
    w = torch.randn(3, requires_grad=True, device=device)
    results = {k: make(w) for k, make in CANDIDATES.items() if make is not None}
    with torch.no_grad():
        results["B"] = w * 2
    for k in sorted(results):
        print(k, "requires_grad =", results[k].requires_grad)
    # Ops on a tracked tensor stay tracked: clone, indexing, and a sum with a tracked input.
    (results["C"].sum() + results["D"] + results["F"].sum()).backward()
    assert w.grad is not None
    return sorted(k for k, t in results.items() if not t.requires_grad)


if __name__ == "__main__":
    print(answer())
