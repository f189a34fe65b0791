"""The one task the queue knows: run job N. The task takes the job's id, never an
object, so the worker reads the current row (and a retry re-runs the same request)."""

from __future__ import annotations

import logging

from django.tasks import task

from ketnap.jobs import services

log = logging.getLogger(__name__)


@task()
def run_job(job_id: int) -> None:
    services.execute(job_id)
