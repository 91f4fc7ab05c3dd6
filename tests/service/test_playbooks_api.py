from tests.builders import PLAYBOOK

SOURCE = "sales/discovery.md"
EDITED = PLAYBOOK.replace("stalls at procurement", "stalls at legal review")
BUYER = "Discovery > Meeting the economic buyer"


def post(client, content, source=SOURCE):
    resp = client.post("/v1/playbooks", json={"source": source, "content": content})
    assert resp.status_code == 200, resp.text
    return resp.json()["counts"]


def test_versions_are_listed_and_each_stays_readable_byte_for_byte(client):
    unusual = PLAYBOOK.replace("\n", "\r\n") + "\r\nTrailing space   "
    post(client, unusual)
    post(client, EDITED)

    versions = client.get(f"/v1/playbooks/{SOURCE}/versions").json()
    old = client.get(f"/v1/playbooks/{SOURCE}", params={"version": 1})
    raw = client.get(f"/v1/playbooks/{SOURCE}", params={"version": 1, "format": "raw"})
    now = client.get(f"/v1/playbooks/{SOURCE}").json()

    assert [v["version"] for v in versions["versions"]] == [1, 2]
    assert versions["current_version"] == 2 and versions["active"]
    assert old.json()["text"] == unusual and not old.json()["current"]
    assert raw.content == unusual.encode("utf-8")
    assert now["version"] == 2 and now["current"] and now["text"] == EDITED


def test_reposting_the_same_content_adds_no_version(client):
    first = post(client, PLAYBOOK)
    again = post(client, PLAYBOOK)

    assert first["versions_added"] == 1 and "versions_added" not in again
    versions = client.get(f"/v1/playbooks/{SOURCE}/versions").json()["versions"]
    assert len(versions) == 1


def test_the_listing_names_each_playbook_with_its_current_version(client):
    post(client, PLAYBOOK)
    post(client, EDITED)
    post(client, "# Other\n\nWords about something else.\n", "other.md")

    listed = client.get("/v1/playbooks").json()["playbooks"]
    assert [(p["id"], p["current_version"]) for p in listed] == [
        ("other.md", 1),
        (SOURCE, 2),
    ]
    assert listed[1]["title"] == "Discovery"


def test_a_diff_between_versions_is_unified(client):
    post(client, PLAYBOOK)
    post(client, EDITED)

    diff = client.get(f"/v1/playbooks/{SOURCE}/diff", params={"from": 1, "to": 2})
    to_current = client.get(f"/v1/playbooks/{SOURCE}/diff", params={"from": 1})

    assert diff.status_code == 200
    assert diff.text.startswith(f"--- {SOURCE} v1\n+++ {SOURCE} v2\n")
    assert "-A deal without access to the economic buyer stalls at procurement." in (
        diff.text
    )
    assert "+A deal without access to the economic buyer stalls at legal review." in (
        diff.text
    )
    assert to_current.text == diff.text


def test_plays_of_a_version_and_the_history_of_one_section(client):
    post(client, PLAYBOOK)
    post(client, EDITED)

    old_plays = client.get(f"/v1/playbooks/{SOURCE}/plays", params={"version": 1})
    history = client.get(f"/v1/playbooks/{SOURCE}/history", params={"section": BUYER})

    assert {" > ".join(p["heading_path"]) for p in old_plays.json()["plays"]} >= {BUYER}
    changes = history.json()["changes"]
    assert [c["version"] for c in changes] == [1, 2]
    assert "legal review" in changes[1]["text"]


def test_unknown_playbooks_versions_and_sections_are_clear_errors(client):
    post(client, PLAYBOOK)

    assert client.get("/v1/playbooks/nope.md").status_code == 404
    missing = client.get(f"/v1/playbooks/{SOURCE}", params={"version": 7})
    assert missing.status_code == 404 and "has no version 7" in missing.text
    assert client.get(f"/v1/playbooks/{SOURCE}/diff").status_code == 422
    section = client.get(f"/v1/playbooks/{SOURCE}/history", params={"section": "X"})
    assert section.status_code == 422 and "has a section 'X'" in section.text
    assert client.get(f"/v1/playbooks/{SOURCE}", params={"version": 0}).status_code == (
        422
    )
