"""A batch's cost of remote video jobs once their end is known: nothing when it is not billed.

A step that starts a remote video job (``animate_image`` on Nova Reel or Luma Ray2) is
done once the job started, and is priced at its estimate then: the job runs on, and is
billed if it completes. The batch keeps its own cost total (each step's ``cost_usd`` in
its job store, not the chat's cost ledger), so when the job ends without being billed
(:attr:`core.storage.jobs.VideoJob.billed` is False: Bedrock reported it failed or
filtered it, or it never reached the model) the job's price is taken out of its step,
as :mod:`agent.job_costs` does for a chat's ledger. What the step spent besides stays.

The batch does not wait for its jobs (whoever polls the video job store finishes them,
e.g. ``adstudio serve``): their end is read when the batch's cost is shown (the summary
after a run, the manifests, ``adstudio batch status``). Each step is settled once.
"""

from __future__ import annotations

import logging

from agent.job_costs import CENT, unbilled
from batch.store import BatchJobStore, RemoteStep
from core.settings import Settings
from core.storage.jobs import (
    JOBS_FILE,
    VideoJob,
    VideoJobNotFoundError,
    VideoJobStore,
    video_jobs_url,
)

log = logging.getLogger(__name__)

def settle_video_jobs(store: BatchJobStore, job: str, videos: VideoJobStore) -> int:
    """Settle the steps of a batch job whose remote video jobs ended.

    A job that ended unbilled has its price (its
    :attr:`~core.storage.jobs.VideoJob.estimated_usd`; the step's whole cost when unknown)
    taken out of its step's cost; a job that ended billed keeps it. Running jobs, and jobs
    the video store does not know, are left as they are.

    Args:
        store: The batch job store.
        job: The batch job.
        videos: The video job store the steps' jobs were recorded in.

    Returns:
        How many steps' costs went down.
    """
    corrected = 0
    for step in store.remote_steps(job):
        try:
            video = videos.get(step.video_job)
        except VideoJobNotFoundError:
            continue
        if not video.finished:
            continue
        cost = _unbilled_cost(step, video) if unbilled(video) else step.cost_usd
        store.settle_remote_step(job, step.product_id, step.step, billed=video.billed,
                                 cost_usd=cost)
        if cost < step.cost_usd:
            log.info("video job %s of %s ended %s, unbilled: its price is out of the batch",
                     video.id, step.product_id, video.status)
            corrected += 1
    return corrected


def settle_in(settings: Settings, store: BatchJobStore, job: str) -> int:
    """:func:`settle_video_jobs` against the deployment's video job store, if there is one.

    That is the deployment's database when one is set, else ``jobs.sqlite`` in the data
    dir (none there: no remote video was ever started here, and none is made).
    """
    if settings.storage.url() is None and not (settings.data_dir / JOBS_FILE).exists():
        return 0
    videos = VideoJobStore(video_jobs_url(settings))
    try:
        return settle_video_jobs(store, job, videos)
    finally:
        videos.close()


def _unbilled_cost(step: RemoteStep, video: VideoJob) -> float:
    """The step's cost without its unbilled job's price (0 when only rounding is left)."""
    price = step.cost_usd if video.estimated_usd is None else video.estimated_usd
    rest = round(step.cost_usd - price, 4)
    return rest if rest >= CENT else 0.0
