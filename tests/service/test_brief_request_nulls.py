from tests.builders import DEAL, draft


def test_an_explicit_null_deal_id_beside_an_inline_deal_is_accepted(loaded, model):
    model._responses.append(draft())
    body = {"deal_id": None, "deal": DEAL, "meeting": {"kind": "discovery"}}
    assert loaded.post("/v1/briefs", json=body).status_code == 200


def test_a_null_deal_id_alone_is_a_422_not_a_500(loaded):
    body = {"deal_id": None, "meeting": {"kind": "discovery"}}
    response = loaded.post("/v1/briefs", json=body)
    assert response.status_code == 422
    assert "deal_id or deal" in response.json()["error"]["message"]
