"""Feedback on briefs: the rep says whether a brief was useful, and why.

Ratings become eval cases with ``sideline eval import-feedback``.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from service.access import readable_brief
from service.deps import Caller, get_caller, get_runtime
from service.runtime import Runtime
from store.feedback import save_feedback

router = APIRouter(prefix="/v1/briefs", tags=["feedback"])


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    useful: StrictBool
    reason: str = Field(default="", max_length=2000)


class Feedback(BaseModel):
    id: str
    brief_id: str
    useful: bool
    reason: str


@router.post("/{brief_id}/feedback", status_code=201, response_model=Feedback)
def rate_brief(
    brief_id: str,
    body: FeedbackRequest,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(get_caller),
) -> Feedback:
    """Record whether a brief was useful; 404 unless the caller may read the brief."""
    readable_brief(rt, caller, brief_id)
    with rt.db.begin() as conn:
        feedback_id = save_feedback(
            conn, caller.tenant_id, "brief", brief_id, body.useful, body.reason
        )
    return Feedback(
        id=feedback_id, brief_id=brief_id, useful=body.useful, reason=body.reason
    )
