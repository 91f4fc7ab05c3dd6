"""The eval harness: datasets of cases, named metrics, suites and a runner.

A suite (``evals.suites``) knows how to run one kind of output (briefs today;
agendas and proposals later) and which metrics apply to it. The runner builds a
fresh runtime on a temporary data dir, ingests the suite's corpus, runs every case
through the same code path as the API and reports each metric with its thresholds.
"""
