"""Every item of the conformance engine as one pytest test.

Items come from `e2eproof conformance list` for the implementation under test
(--impl): sanity checks, vector families, delivery properties and attack
cells, each on every preset the adapter declares. The engine runs one item
per test and says pass, fail or skip; this file only reports it.
"""

import pytest


def pytest_generate_tests(metafunc):
    if "item" not in metafunc.fixturenames:
        return
    engine = metafunc.config._e2e_engine
    items = engine.listing()["items"]
    metafunc.parametrize("item", items, ids=[i["id"] for i in items])


def test_item(item, request):
    if item.get("skip"):
        pytest.skip(item["skip"])
    result = request.config._e2e_engine.run(item["id"])
    for key in ("verdict", "expected", "claims"):
        if key in result:
            request.node.user_properties.append((key, str(result[key])))
    status = result.get("status")
    if status == "skip":
        pytest.skip(result.get("message", ""))
    if status != "pass":
        pytest.fail(f"{item['id']}: {status}: {result.get('message', '')}", pytrace=False)
