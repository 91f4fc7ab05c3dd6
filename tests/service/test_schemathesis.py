"""Property-based API fuzzing from the OpenAPI spec: no 5xx, no schema violation."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from llm.fake import SchemaFakeChatModel
from service.app import create_app
from store.keys import create_key
from tests.builders import DEAL, PLAYBOOK


@pytest.fixture(scope="module")
def keyed_app(tmp_path_factory):
    from core.settings import Settings
    from service.runtime import Runtime
    from tests.conftest import HashEmbedder

    data = tmp_path_factory.mktemp("fuzz")
    rt = Runtime(
        Settings(
            data_dir=data,
            auth_mode="keys",
            rate_limit_per_minute=0,
            reference_date="2026-12-04",
        ),
        embedder=HashEmbedder(),
        model=SchemaFakeChatModel(),
    )
    rt.ingestor.playbook("t1", "d.md", PLAYBOOK)
    from core.records import Deal

    rt.ingestor.deals("t1", [Deal(**DEAL)])
    with rt.db.begin() as conn:
        _, secret = create_key(conn, "t1", "admin")
    app = create_app(runtime=rt)
    app.state.fuzz_headers = {"Authorization": f"Bearer {secret}"}
    yield app
    rt.close()


# Not checked: whether every schema-valid request is accepted. Its generator also
# proposes strings that break a field's ``pattern`` (it borrows text from the spec),
# so it reports 422s for requests the spec itself calls invalid.


def operations(app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_no_request_gets_a_5xx_or_breaks_the_schema(keyed_app):
    headers = keyed_app.state.fuzz_headers
    checked = []
    for operation in operations(keyed_app):

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            case.call_and_validate(
                headers=headers, excluded_checks=[positive_data_acceptance]
            )

        fuzz()
        checked.append(operation.label)
    assert len(checked) >= 8, checked
