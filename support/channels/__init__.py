"""Channels: the ways a user reaches the app (HTTP API client, browser). Each signs in, acts and probes."""
