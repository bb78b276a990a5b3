"""``python -m portfolio.cli …`` runs the command line, like the ``portfolio`` script."""

import sys

from portfolio.cli.main import main

sys.exit(main())
