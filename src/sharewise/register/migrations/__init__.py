"""The register's Alembic migrations (`versions/`), and the pieces they share."""
