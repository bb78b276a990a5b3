"""`python -m portfolio …` runs the command line, like the `portfolio` script."""

import sys

from portfolio.cli import main

sys.exit(main())
