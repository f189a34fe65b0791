"""Demo candidates for every demo organisation (see people.py and builder.py)."""
