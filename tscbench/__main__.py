from tscbench.cli import main

raise SystemExit(main())
