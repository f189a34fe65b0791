"""Reads of the pipeline: the agenda, the board, lists and a candidate's timeline.
Every queryset starts from `visible_to(user)`; time is always a parameter."""
