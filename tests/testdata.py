"""Values the tests share, made from outside the code under test.

Resident ID numbers (GB 11643-1999) get their check digit from python-stdnum, never from
``frontdesk.store.shared.identity``: a test whose data came from the function it tests could not
catch that function's mistake.
"""

from __future__ import annotations

from stdnum.cn import ric

# scrypt at a low cost for tests that make operators without testing the hash; the cost is
# written into each hash, so checking a password works the same.
CHEAP_SCRYPT = {"n": 2**4, "r": 8, "p": 1}

# Examples published with the standard and in its common explanations: valid as printed.
PUBLISHED_RESIDENT_IDS = ("11010519491231002X", "440524188001010014")


def resident_id(first17: str) -> str:
    """A valid resident ID number: ``first17`` and the check digit python-stdnum computes
    (it reads a whole number and ignores the last place)."""
    return first17 + ric.calc_check_digit(first17 + "0")
