"""Everything that draws on or reads from the terminal: the review and exam loops."""
