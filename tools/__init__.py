"""Developer tools: local run, contract generation."""
