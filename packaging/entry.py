"""The bundle's executable (PyInstaller runs this file as __main__).

Started as `nassij` (the link next to `nassij-desktop`, /usr/bin/nassij, or `nassij.exe` on
Windows) it is the command line; under any other name, the window.
"""

import sys
from pathlib import Path

if Path(sys.argv[0]).stem.lower() == "nassij":
    from nassij_desktop.cli import main
else:
    from nassij_desktop.app import main

sys.exit(main())
