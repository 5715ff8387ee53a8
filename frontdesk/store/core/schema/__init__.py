"""The schema's history: one function per change, named verb_noun, never edited
once applied (``frontdesk.store.core.migrations`` applies them).

Each module registers its steps as it is imported, so the imports below keep
the order the steps were written in: do not sort them. A new step goes at the
end of ``later``.
"""

# isort: off
from frontdesk.store.core.schema import core  # noqa: F401
from frontdesk.store.core.schema import mail  # noqa: F401
from frontdesk.store.core.schema import duty  # noqa: F401
from frontdesk.store.core.schema import later  # noqa: F401
from frontdesk.store.core.schema import facts  # noqa: F401
# isort: on
from frontdesk.store.core.schema.registry import STEPS

__all__ = ["STEPS"]
