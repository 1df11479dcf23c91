"""Connections to OpenAI-compatible servers that run models for Lokal (a team's vLLM,
llama-server, Ollama, another Lokal)."""
