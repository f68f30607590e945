"""The bundle's `nassij` executable (PyInstaller runs this file as __main__)."""

import sys

from nassij_desktop.cli import main

sys.exit(main())
