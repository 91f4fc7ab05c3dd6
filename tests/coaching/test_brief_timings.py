import datetime as dt

from coaching.brief_models import BriefRequest
from llm.fake import QueuedFakeChatModel
from tests.builders import DEAL, PLAYBOOK, draft


def test_a_brief_says_how_its_time_splits_between_model_and_service(make_runtime):
    model = QueuedFakeChatModel(["not json", draft()])
    rt = make_runtime(model=model)
    rt.ingestor.playbook("t1", "d.md", PLAYBOOK)
    request = BriefRequest(deal=DEAL, meeting={"kind": "discovery"})

    brief, timings = rt.brief_writer.write_timed("t1", request, dt.date(2026, 12, 4))

    assert brief.summary.citations
    assert timings.model_calls == 2  # the retry is the model's time too
    figures = timings.as_dict()
    assert all(figures[name] >= 0 for name in figures)
    assert figures["total_s"] >= figures["model_s"]
    assert timings.overhead_s == timings.total_s - timings.model_s
