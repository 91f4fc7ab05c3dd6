from tests.builders import PLAYBOOK


def test_the_search_api_takes_a_mode_and_refuses_unknown_ones(client):
    client.post(
        "/v1/playbooks", json={"source": "sales/discovery.md", "content": PLAYBOOK}
    )
    keyword = client.get("/v1/search", params={"q": "procurement", "mode": "keyword"})
    assert keyword.status_code == 200
    assert "procurement" in keyword.json()["hits"][0]["text"]
    bad = client.get("/v1/search", params={"q": "procurement", "mode": "fuzzy"})
    assert bad.status_code == 422 and "mode" in bad.json()["error"]["message"]
