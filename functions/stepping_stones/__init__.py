"""Stepping Stones: the between-session habit and micro-step tracker backend."""
