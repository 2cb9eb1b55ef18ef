"""Services: plain values and the store in, records out, named errors raised; no Flask."""
