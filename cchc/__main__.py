"""`python -m cchc …` is the same as the `cchc` command."""

import sys

from cchc.cli import main

sys.exit(main())
