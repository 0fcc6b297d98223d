"""Real servers started on loopback for the integration tests."""
