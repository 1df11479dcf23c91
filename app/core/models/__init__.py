"""Models: the catalog, verified resumable downloads, imports, and the Hugging Face token."""
