"""Legacy value domains (no LibCST, no tables: keras.json handling imports this alone)."""

from __future__ import annotations

from types import MappingProxyType

#: The Keras 1 image ordering values and the data formats they mean (Keras 2's own map:
#: docs/legacy-apis.md §3). The one copy: the KM2xx rows, the ordering flow and keras.json.
ORDERING_VALUES = MappingProxyType({"th": "channels_first", "tf": "channels_last"})

#: ``dim_ordering=`` values -> ``data_format=`` values: the ordering map plus Keras 2's
#: ``'default'`` -> None ("the global format"), as ``keras/legacy/interfaces.py`` converted them.
DIM_ORDERING_KEYWORD_VALUES = MappingProxyType({**ORDERING_VALUES, "default": None})
