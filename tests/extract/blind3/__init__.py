"""A third blind set of proposals: see README.md."""
