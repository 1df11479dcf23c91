"""An engine on another computer: an OpenAI-compatible server (vLLM, llama-server, Ollama,
another Lokal), spoken to over /v1/chat/completions with server-sent events, producing the
same events as the local engine process."""
