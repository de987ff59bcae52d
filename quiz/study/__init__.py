"""Use cases of a student's day: the review session, mock exams, stats; no terminal."""
