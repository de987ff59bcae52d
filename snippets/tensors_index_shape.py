"""Shape of an index expression on a (students, 3 subjects, exams) tensor, read off PyTorch."""

import torch

# An integer index removes its dimension; a slice (even 1:2) keeps it.
EXPRESSIONS = {
    "A[1]": lambda a: a[1],
    "A[1][0][:]": lambda a: a[1][0][:],
    "A[:, 0, 1]": lambda a: a[:, 0, 1],
    "A[:, :, -1]": lambda a: a[:, :, -1],
    "A[:, 1:]": lambda a: a[:, 1:],
    "A[..., ::2]": lambda a: a[..., ::2],
}


def answer(students=2, exams=4, expr="A[1][0][:]", *, device="cpu"):
    a = torch.zeros(students, 3, exams, device=device)
    out = EXPRESSIONS[expr](a)
    expected = {
        "A[1]": [3, exams],
        "A[1][0][:]": [exams],
        "A[:, 0, 1]": [students],
        "A[:, :, -1]": [students, 3],
        "A[:, 1:]": [students, 2, exams],
        "A[..., ::2]": [students, 3, (exams + 1) // 2],
    }[expr]
    assert list(out.shape) == expected
    return list(out.shape)


if __name__ == "__main__":
    print(answer())
