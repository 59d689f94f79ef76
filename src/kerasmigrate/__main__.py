"""``python -m kerasmigrate``."""

from .cli import main

raise SystemExit(main())
