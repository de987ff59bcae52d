"""Taking the cards and the history elsewhere: Anki packages, the review log."""
