"""A second blind set of proposals: see README.md."""
