"""An edition for tests only: the 2008 edition with capacity presumed from 17, not 16.

It plugs in as any edition from outside sharewise would: tests register it with
`sharewise.engine.register_edition`, and nothing outside this package knows of it.
"""

from tests.engine.editions import like_2008

RULEBOOK = like_2008("test-only", presumed_competent_age=17)
