"""The sectors an organisation may belong to. A module of its own, free of the database
libraries, so that the CLI can name them in its help without loading those."""

SECTORS = ("local_authority", "health", "education", "police", "voluntary", "other")
