"""Koma's Japanese domain kernel: pure functions, no ORM, no Django, no clock.

Import from the modules (``from koma.jp.wareki import parse_wareki``); see README.md here for the
list of public functions. Errors are ``ValueError`` subclasses with a stable ``code``
(``koma.jp.errors``).
"""
