"""Where and how cells run: planning, the in-process run API, worker processes, the local and
Dask executors, resources, and result files. Imports protocol and below; never report."""
