"""The 2008 edition: "Information Sharing: Guidance for practitioners and managers".

Its text, questions and ages are the YAML beside this file; its rules are the flowchart
in sharewise.engine.steps, over the contract's CaseFacts read at this edition's ages.
"""

from sharewise.engine.facts import CaseFacts
from sharewise.engine.rulebook import Rulebook
from sharewise.engine.steps import flowchart

RULEBOOK = Rulebook("2008", flowchart, CaseFacts)
