"""YAML loaders: libyaml's C parser when PyYAML was built with it (ten times faster).

The policy's and the planner's word lists are large YAML files read on a process's first
turn; with the pure-Python parser that alone took over a second.
"""

from __future__ import annotations

import yaml

#: ``yaml.safe_load``'s loader, in C when available (the same data, no objects, no code).
SAFE_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)
#: Every scalar a string ("no", "on" are words, not booleans), in C when available.
BASE_LOADER: type[yaml.BaseLoader] | type[yaml.CBaseLoader] = getattr(
    yaml, "CBaseLoader", yaml.BaseLoader
)
