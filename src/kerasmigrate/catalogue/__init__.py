"""The catalogue of legacy Keras APIs: what each legacy thing was, independent of any target.

Facts about the legacy side only (signatures, value domains, where a name was reached);
what a target turns them into is in ``kerasmigrate.tables``. Sources: docs/legacy-apis.md.
"""

from __future__ import annotations

from types import MappingProxyType

#: The Keras 1 image ordering values and the data formats they mean (Keras 2's own map:
#: docs/legacy-apis.md §3). The one copy: the KM2xx rows, the ordering flow and keras.json.
ORDERING_VALUES = MappingProxyType({"th": "channels_first", "tf": "channels_last"})

__all__ = ["ORDERING_VALUES"]
