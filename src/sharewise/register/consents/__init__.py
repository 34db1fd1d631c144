"""The consent register: consent given, refused, corrected and withdrawn, and what
stands of it (3.18-3.21)."""
