"""Reads of monitoring: rollups of events, quotas and headcounts up the tree, the
funnel, early warning, inspection findings, statistics and year-end evaluation.

Every function takes its date (`as_of`/`on`) or its period; nothing here reads the
clock. Sums run in the database; each function costs a fixed number of queries
whatever the number of rows.
"""
