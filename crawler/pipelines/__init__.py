"""Item pipelines: extraction in a process pool, and the pages earlier runs archived but did not extract."""
