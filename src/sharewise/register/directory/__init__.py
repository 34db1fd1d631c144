"""Who is in the register: organisations, multi-agency services, practitioners, people and
their relationships. The codes people type are looked up here, for every domain."""
