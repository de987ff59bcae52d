"""Banks: the YAML format, its reader and checks, the catalog of loaded banks."""
