"""Information Sharing Protocols (4.8-4.13): the agreements an organisation keeps for
regular or bulk sharing with others, each change a new version."""
