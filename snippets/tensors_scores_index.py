"""Scores tensor (student, subject, exam): which index expression picks the second maths exam?"""

import torch

# 2 students x 3 subjects (0 maths, 1 English, 2 PE) x 4 exams.
SCORES = [
    [[72, 81, 90, 68], [88, 75, 93, 80], [95, 60, 77, 84]],
    [[64, 99, 83, 70], [91, 86, 79, 66], [58, 73, 87, 92]],
]

CANDIDATES = {
    "A": lambda a: a[:, 0, 1],
    "B": lambda a: a[1, 0, :],
    "C": lambda a: a[:, 1, 1],
    "D": lambda a: a[:, 0, 2],
}


def answer(*, device="cpu"):
    a = torch.tensor(SCORES, device=device)
    assert a.shape == (2, 3, 4)
    maths, second_exam = 0, 1  # indices count from 0
    wanted = [SCORES[s][maths][second_exam] for s in range(len(SCORES))]  # plain Python loop
    right = [k for k, pick in CANDIDATES.items() if pick(a).tolist() == wanted]
    for k, pick in CANDIDATES.items():
        print(k, pick(a).tolist())
    assert wanted == [81, 99] and right == ["A"]
    return right[0]


if __name__ == "__main__":
    print(answer())
