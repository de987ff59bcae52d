"""Scheduling: SM-2, judging answers, drawing variants; pure values in and out."""
