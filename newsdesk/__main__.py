"""``python -m newsdesk``: see :mod:`newsdesk.cli`."""

import sys

from .cli import main

sys.exit(main())
