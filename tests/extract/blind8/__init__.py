"""An eighth blind set of proposals: see README.md."""
