"""The bundle's `nassij-desktop` executable (PyInstaller runs this file as __main__)."""

import sys

from nassij_desktop.app import main

sys.exit(main())
