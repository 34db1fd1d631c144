"""Decision records: assessed, checked against the guidance, chained, and found again
(golden rule 7, 3.50-3.51)."""
