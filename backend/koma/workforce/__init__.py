"""The people who do the work: worker profiles and, later, availability, skills and levels.

A worker's level (which units they may claim) and daily cap live here, apart from login and
organisation membership (koma.accounts). Availability, skills and level changes belong here
too when they are built.
"""
