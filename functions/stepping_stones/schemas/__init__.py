"""Marshmallow schemas: the API contract for every input and output."""
