"""``python -m devstack run|services`` (see devstack.launcher)."""

import sys

from devstack.launcher import main

if __name__ == "__main__":
    sys.exit(main())
