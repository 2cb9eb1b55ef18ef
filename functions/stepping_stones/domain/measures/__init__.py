"""The standard measures (PHQ-9, GAD-7): the instruments as data, and their scoring as pure functions.

The package re-exports each module's public names (its __all__)."""
from . import instruments, scoring
from .instruments import *  # noqa: F403
from .scoring import *  # noqa: F403

__all__ = [*instruments.__all__, *scoring.__all__]
