from nassij_desktop.cli import main

raise SystemExit(main())
