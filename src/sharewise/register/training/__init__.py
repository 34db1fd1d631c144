"""Training on case examples (4.3, 4.5): the scenario library and each organisation's
own cases, and the practitioners' attempts and scores. Training data, outside the
ledger: nothing here is a record of a decision about anyone."""
