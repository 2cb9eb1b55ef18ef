"""HTTP API: thin Flask handlers, one module per resource."""
