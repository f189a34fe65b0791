"""Pages of the pipeline. Thin: they read through selectors, write through services."""
