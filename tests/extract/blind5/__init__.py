"""A fifth blind set of proposals: see README.md."""
