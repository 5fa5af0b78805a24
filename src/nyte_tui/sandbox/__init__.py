"""The loopback Google sandbox: a stateful Gmail, Calendar and OAuth server for tests and demos."""
