"""Writes of the pipeline (use cases): each is one transaction with one permission
check, audit through the registry, and every stage change through `advance()`."""
