"""A fourth blind set of proposals: see README.md."""
