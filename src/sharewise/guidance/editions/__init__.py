"""One package per edition of the guidance, named `edition_<year>`: its text, questions
and dated parameters as YAML, and its RULEBOOK (see sharewise.engine.rulebook)."""
