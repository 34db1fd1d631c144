"""The organisation's information sharing framework (4.7-4.8): its code of practice, its
procedures and its privacy notices, each versioned, never overwritten; and the advisors
its information governance lead designates (4.3-4.4)."""
