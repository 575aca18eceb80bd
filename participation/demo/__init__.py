"""The demo's participation and council (Python: the exchange format holds the concept, not its
working groups, review rounds or council papers). `groups`, `review` and `council` are Rheine,
`large` is the large town of `demo --large`."""
