"""Lokal's OpenAI-compatible HTTP server (Qt-free): a client of the engine like the window."""
