"""Use cases of openspace. They take a SQLAlchemy session, raise ``DomainError``,
and never import Flask or Socket.IO, so they are tested without a server."""
