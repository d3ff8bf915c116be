"""Human review of eval runs: the assets of a run, rated by people, in SQLite.

An eval run directory (``adstudio eval run`` writes it under ``<data_dir>/evals/``) holds
``run.json`` and ``trials/<scenario>/<k>/trial.json`` with the trial's assets. Importing a
run makes one *review item* per asset (run, scenario, trial, asset id, path, kind);
importing it again adds what is new and changes nothing else. Reviewers then give

- **ratings**: a score of 1–5 per item on a named criterion
  (:data:`~evals.reviews.models.CRITERIA`), with an optional comment; one current rating
  per reviewer × item × criterion (re-rating replaces it);
- **pairwise preferences**: A, B or a tie between two items of the same run, overall or
  on one criterion; one current choice per reviewer × pair × criterion.

Inputs a trial records (the product photo, its cutout, a logo:
:data:`~evals.reviews.runs.INPUT_KINDS`) are not reviewed. Every row belongs to a tenant: a
run belongs to the ``tenant`` its ``run.json`` names, or to the deployment's tenant when it
names none, and only that tenant sees its items.

Modules: :mod:`~evals.reviews.models` (criteria, records, errors), :mod:`~evals.reviews.runs`
(reading a run folder into review items), :mod:`~evals.reviews.store` (the SQLite
:class:`~evals.reviews.store.ReviewStore` and the runs a tenant sees),
:mod:`~evals.reviews.agreement` (how far reviewers agree), :mod:`~evals.reviews.drilldown`
(the items they differ most on, and all they said on one), :mod:`~evals.reviews.criteria`
(the criteria one run is rated on, its reviewers' own among them), :mod:`~evals.reviews.gold`
(gold items and each reviewer's accuracy on them), :mod:`~evals.reviews.assignment`
(splitting a run's items among named reviewers), :mod:`~evals.reviews.progress` (done and
resume) and :mod:`~evals.reviews.export` (every rating and preference as CSV, with the run,
scenario, trial and asset it is about).
"""
