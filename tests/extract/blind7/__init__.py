"""A seventh blind set of proposals: see README.md."""
