"""Fuzzing the endpoint's OpenAPI description with Schemathesis: no input makes it fail with a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow


def test_fuzz_no_server_errors(server: str) -> None:
    schema = schemathesis.openapi.from_url(server + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert any(op.path == "/sparql" for op in operations)
    seen: set[tuple[str, str]] = set()

    @settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        operation = data.draw(st.sampled_from(operations))
        case = data.draw(operation.as_strategy())
        response = case.call(base_url=server, timeout=30)
        seen.add((case.method, case.path))
        assert response.status_code < 500, (case.method, case.path, case.query, case.body,
                                             response.status_code, response.text[:300])

    run()
    assert ("GET", "/sparql") in seen and ("POST", "/sparql") in seen
