"""Real pages of outlets the rules were not written for (../shared/data/vn-real and pages/), scored per outlet
against gold in tests/fixtures/real_gold.json, ours beside plain trafilatura:

- title: the exact title (NFC); date: the publication date with its zone (trafilatura gives a day only, so its
  column counts the day); body: share of the gold snippets found in the text; clean: share of boilerplate
  snippets kept out of the text; captions: share of gold (caption, credit) pairs found (for trafilatura, the
  caption anywhere in its text); kind: article or listing told right (trafilatura: "returns text" = article).

The gold's `half` splits the outlets: "dev" pages were looked at while writing rules, "held-out" pages only scored;
the two halves are reported apart so that fitting shows."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

__all__ = ["eval_real_pages", "print_real_pages"]

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "real_gold.json"
SHARED = ROOT.parent / "shared" / "data"
METRICS = ("title", "date", "body", "clean", "captions", "kind")


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def _share(hits: list[bool]) -> float | None:
    return sum(hits) / len(hits) if hits else None


def _score_ours(spec: dict, html: bytes) -> dict:
    from archive.extract.core import extract

    r = extract(html, spec["url"], content_type="text/html")
    article = r["reason"] is None
    scores = {"kind": float(article == (spec["kind"] == "article"))}
    if spec["kind"] != "article":
        return scores
    text = _nfc(r["text"])
    images = [(_nfc(i.get("caption")), i.get("credit")) for i in r["images"]]
    scores["title"] = float(_nfc(r["title"]) == _nfc(spec["title"]))
    scores["date"] = float(r["published"] == spec["published"])
    scores["body"] = _share([_nfc(s) in text for s in spec["body"]])
    scores["clean"] = _share([_nfc(s) not in text for s in spec["boilerplate"]])
    scores["captions"] = _share(
        [
            any(c.startswith(_nfc(want)) and credit == cr for c, cr in images)
            for want, credit in spec["captions"]
        ]
    )
    return scores


def _score_trafilatura(spec: dict, html: bytes) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=spec["url"], with_metadata=True)
    text = _nfc(getattr(doc, "text", "") or "") if doc is not None else ""
    scores = {"kind": float((len(text) >= 100) == (spec["kind"] == "article"))}
    if spec["kind"] != "article":
        return scores
    scores["title"] = float(_nfc(getattr(doc, "title", "")) == _nfc(spec["title"]))
    scores["date"] = float((getattr(doc, "date", "") or "")[:10] == spec["published"][:10])
    scores["body"] = _share([_nfc(s) in text for s in spec["body"]])
    scores["clean"] = _share([_nfc(s) not in text for s in spec["boilerplate"]])
    scores["captions"] = _share([_nfc(want) in text for want, _ in spec["captions"]])
    return scores


def eval_real_pages(gold: Path = GOLD, shared: Path = SHARED) -> dict:
    specs = {k: v for k, v in json.loads(gold.read_text(encoding="utf-8")).items() if not k.startswith("_")}
    pages = []
    for name, spec in specs.items():
        path = shared / name
        if not path.exists():
            continue
        html = path.read_bytes()
        pages.append(
            {
                "page": name,
                "outlet": spec["outlet"],
                "half": spec["half"],
                "ours": _score_ours(spec, html),
                "trafilatura": _score_trafilatura(spec, html),
            }
        )
    halves = {}
    for half in ("dev", "held-out"):
        rows = [p for p in pages if p["half"] == half]
        halves[half] = {
            who: {m: _share_mean([p[who].get(m) for p in rows]) for m in METRICS}
            for who in ("ours", "trafilatura")
        }
    return {"pages": pages, "halves": halves}


def _share_mean(values: list) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _cell(value) -> str:
    return "    -" if value is None else f"{value:5.2f}"


def print_real_pages(figures: dict) -> None:
    if not figures.get("pages"):
        print("real pages: ../shared/data not found, skipped")
        return
    print("real outlet pages (gold: tests/fixtures/real_gold.json), ours / plain trafilatura:")
    header = "".join(f" {m:>12}" for m in METRICS)
    for half in ("dev", "held-out"):
        print(f"  [{half}]{'':<37}{header}")
        for page in (p for p in figures["pages"] if p["half"] == half):
            cells = "".join(
                f" {_cell(page['ours'].get(m))}/{_cell(page['trafilatura'].get(m)).strip():<5}"
                for m in METRICS
            )
            print(f"  {page['outlet'][:44]:<44}{cells}")
        mean = figures["halves"][half]
        cells = "".join(
            f" {_cell(mean['ours'][m])}/{_cell(mean['trafilatura'][m]).strip():<5}" for m in METRICS
        )
        print(f"  {'mean (' + half + ')':<44}{cells}")
