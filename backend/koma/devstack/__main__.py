"""``python -m koma.devstack run|services`` (see koma.devstack.launcher)."""

import sys

from koma.devstack.launcher import main

if __name__ == "__main__":
    sys.exit(main())
