"""The real-page corpus (../shared/data/vn-real, pages/) against its gold (tests/fixtures/real_gold.json): title,
date with zone, body and boilerplate snippets, captions with credits, article or listing. Read in place; skipped
when ../shared/data is not beside the repository."""

from __future__ import annotations

import json

import pytest

from bench.eval_real import GOLD, SHARED, _score_ours

SPECS = {k: v for k, v in json.loads(GOLD.read_text(encoding="utf-8")).items() if not k.startswith("_")}


@pytest.mark.parametrize("name", sorted(SPECS))
def test_real_page_against_its_gold(name):
    path = SHARED / name
    if not path.exists():
        pytest.skip("../shared/data is not beside the repository")
    scores = _score_ours(SPECS[name], path.read_bytes())
    assert all(value == 1.0 for value in scores.values() if value is not None), scores
