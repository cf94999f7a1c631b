"""Words: the request's language, domain errors in it, and the page scripts' strings."""
