"""Imports of users' files, all-or-nothing with a preview (see apps.ImportsConfig)."""
