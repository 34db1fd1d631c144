"""What the two faces of the service, the pages and the API, share: who is acting and
the register they act on, as FastAPI dependencies. Below both, above the register."""
