import sys

from notation.cli import main

sys.exit(main())
