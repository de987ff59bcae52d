"""Running snippets: trust, the worker and its client, and the Prover that ties them."""
