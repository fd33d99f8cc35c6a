"""Score our extractor against plain trafilatura, in the same run.

1. The article extraction benchmark (../shared/data/aeb: 181 real pages and their gold article text), scored as its
   README describes: 4-token shingles, per-page true/false positives and negatives normalised so that long pages
   do not weigh more, precision and recall averaged over pages, F1 from those averages.
3. Real pages of Vietnamese outlets (bench/eval_real.py): per outlet title, date, body, boilerplate, captions and
   article-or-listing, ours beside plain trafilatura, the development half and the held-out half apart.
2. The project's own fixture pages (tests/fixtures/pages/*.html, expectations in expected.json there): caption
   recall (expected captions found among the extracted images) and boilerplate leakage (strings that must not be
   in the text, e.g. related-article boxes, that are).

    python bench/eval_extraction.py [--aeb DIR] [--fixtures DIR] [--limit N] [--workers N] [--json FILE]

Exit status 1 when our F1 on the benchmark is lower than trafilatura's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.extract.core import EXTRACTOR_VERSION, extract, plain_trafilatura  # noqa: E402
from bench.eval_real import eval_real_pages, print_real_pages  # noqa: E402

__all__ = ["shingle_counts", "score_pages", "main"]

DEFAULT_AEB = ROOT.parent / "shared" / "data" / "aeb"
DEFAULT_FIXTURES = ROOT / "tests" / "fixtures" / "pages"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingle_counts(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(gold: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles, normalised to sum to 1 for the page."""
    want, got = shingle_counts(gold), shingle_counts(predicted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score_pages(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    def precision(tp, fp, fn):
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def recall(tp, fp, fn):
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    ps = [precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [recall(*c) for c in counts if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _run_aeb_page(args: tuple[str, str]) -> tuple[str, str, str, float, float]:
    path, url = args
    html = gzip.decompress(Path(path).read_bytes())
    start = time.perf_counter()
    ours = extract(html, url, content_type="text/html; charset=utf-8")["text"]
    middle = time.perf_counter()
    theirs = plain_trafilatura(html, url)
    return Path(path).name.split(".")[0], ours, theirs, middle - start, time.perf_counter() - middle


def eval_aeb(aeb: Path, limit: int, workers: int) -> dict:
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    jobs = [(str(aeb / "html" / f"{k}.html.gz"), truth[k].get("url", "")) for k in keys]
    ours_counts, theirs_counts, ours_time, theirs_time = [], [], 0.0, 0.0
    with ProcessPoolExecutor(workers) as pool:
        for key, ours, theirs, t_ours, t_theirs in pool.map(_run_aeb_page, jobs, chunksize=4):
            gold = truth[key].get("articleBody", "")
            ours_counts.append(page_counts(gold, ours))
            theirs_counts.append(page_counts(gold, theirs))
            ours_time += t_ours
            theirs_time += t_theirs
    return {
        "pages": len(keys),
        "ours": {**score_pages(ours_counts), "seconds": ours_time},
        "trafilatura": {**score_pages(theirs_counts), "seconds": theirs_time},
    }


def eval_fixtures(fixtures: Path) -> dict:
    """Caption recall and boilerplate leakage on our own pages, ours and plain trafilatura's."""
    manifest = fixtures / "expected.json"
    if not manifest.exists():
        return {}
    expected = json.loads(manifest.read_text(encoding="utf-8"))
    captions_total = captions_found = 0
    absent_total = ours_leaks = theirs_leaks = 0
    theirs_captions = 0
    for name, spec in sorted(expected.items()):
        html = (fixtures / name).read_bytes()
        result = extract(html, spec["url"], content_type=spec.get("content_type", ""))
        theirs = plain_trafilatura(html, spec["url"])
        found = " | ".join(f"{i.get('caption') or ''}" for i in result["images"])
        for caption in spec.get("captions", []):
            captions_total += 1
            captions_found += caption in found
            theirs_captions += caption in theirs
        for text in spec.get("absent", []):
            absent_total += 1
            ours_leaks += text in result["text"]
            theirs_leaks += text in theirs
    return {
        "pages": len(expected),
        "captions": captions_total,
        "caption_recall": {
            "ours": captions_found / captions_total if captions_total else 1.0,
            "trafilatura": theirs_captions / captions_total if captions_total else 1.0,
        },
        "boilerplate_strings": absent_total,
        "boilerplate_leakage": {
            "ours": ours_leaks / absent_total if absent_total else 0.0,
            "trafilatura": theirs_leaks / absent_total if absent_total else 0.0,
        },
    }


def _plain(markup: str) -> str:
    """A sample-site block as a reader sees it: links flattened, markers gone, credit cut off."""
    text = re.sub(r"\[\[([^|\]]+)\|[^\]]+\]\]", r"\1", markup)
    return " ".join(re.sub(r"^(?:## |> )", "", text).split())


def eval_sample_site() -> dict:
    """The bundled sample press site (samplesite.pressbuild), whose markup was written apart from the extractor:
    paragraph recall, caption recall, and related-box leakage (the related article's headline in the text)."""
    import tempfile
    import unicodedata

    try:
        from samplesite.pressbuild import ARTICLES, build
        from samplesite.presspage import Page
    except ImportError:
        return {}
    by_key = {t.key: t for t in ARTICLES}
    counts = {"paragraphs": 0, "captions": 0, "boxes": 0}
    for who in ("ours", "trafilatura"):
        counts.update({f"{who}_paragraphs": 0, f"{who}_captions": 0, f"{who}_leaks": 0})
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "press"
        build(out)
        for text in ARTICLES:
            page = Page(text)
            html = (out / page.path.lstrip("/")).read_bytes()
            result = extract(html, "http://127.0.0.1:8000" + page.path)
            theirs = plain_trafilatura(html, "http://127.0.0.1:8000" + page.path)
            texts = {"ours": result["text"], "trafilatura": theirs}
            captions = {
                "ours": " | ".join(i.get("caption") or "" for i in result["images"]),
                "trafilatura": theirs,
            }
            for block in text.blocks():
                block = unicodedata.normalize("NFC", block)
                image = re.match(r"^\[img [\w-]+\|\w+\|(.*)\]$", block)
                related = re.match(r"^\[related ([\w-]+)\|\w+\]$", block)
                if image:
                    want = re.split(r"\s*\(?Ảnh:", _plain(image.group(1)))[0].strip()
                    counts["captions"] += 1
                    for who in texts:
                        counts[f"{who}_captions"] += want[:60] in captions[who]
                elif related:
                    counts["boxes"] += 1
                    for who, body in texts.items():
                        counts[f"{who}_leaks"] += by_key[related.group(1)].title in body
                else:
                    counts["paragraphs"] += 1
                    for who, body in texts.items():
                        counts[f"{who}_paragraphs"] += _plain(block)[:80] in body
    return {
        "pages": len(ARTICLES),
        **counts,
        **{
            who: {
                "paragraph_recall": counts[f"{who}_paragraphs"] / max(1, counts["paragraphs"]),
                "caption_recall": counts[f"{who}_captions"] / max(1, counts["captions"]),
                "related_box_leakage": counts[f"{who}_leaks"] / max(1, counts["boxes"]),
            }
            for who in ("ours", "trafilatura")
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aeb", type=Path, default=DEFAULT_AEB)
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--limit", type=int, default=0, help="score only the first N benchmark pages")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if not (args.aeb / "ground-truth.json").exists():
        print(f"no benchmark at {args.aeb} (expected ground-truth.json and html/)", file=sys.stderr)
        return 2
    figures = {"extractor_version": EXTRACTOR_VERSION, "aeb": eval_aeb(args.aeb, args.limit, args.workers)}
    figures["fixtures"] = eval_fixtures(args.fixtures)
    figures["sample_site"] = eval_sample_site()
    figures["real_pages"] = eval_real_pages()
    aeb = figures["aeb"]
    print(f"{EXTRACTOR_VERSION}")
    print(f"article-extraction-benchmark, {aeb['pages']} pages (4-token shingles, macro-averaged):")
    print(f"  {'':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'seconds':>8}")
    for name in ("ours", "trafilatura"):
        m = aeb[name]
        print(f"  {name:<12} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>6.3f} {m['seconds']:>8.1f}")
    fx = figures["fixtures"]
    if fx:
        print(
            f"fixture pages ({fx['pages']} pages, {fx['captions']} captions, {fx['boilerplate_strings']} boilerplate strings):"
        )
        print(f"  {'':<12} {'caption recall':>14} {'boilerplate leakage':>20}")
        for name in ("ours", "trafilatura"):
            print(
                f"  {name:<12} {fx['caption_recall'][name]:>14.3f} {fx['boilerplate_leakage'][name]:>20.3f}"
            )
    site = figures["sample_site"]
    if site:
        print(
            f"sample press site ({site['pages']} pages, {site['paragraphs']} paragraphs, {site['captions']} captions, "
            f"{site['boxes']} related boxes):"
        )
        print(f"  {'':<12} {'paragraph recall':>16} {'caption recall':>14} {'related-box leakage':>20}")
        for name in ("ours", "trafilatura"):
            m = site[name]
            print(
                f"  {name:<12} {m['paragraph_recall']:>16.3f} {m['caption_recall']:>14.3f} "
                f"{m['related_box_leakage']:>20.3f}"
            )
    print_real_pages(figures["real_pages"])
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    if aeb["ours"]["f1"] < aeb["trafilatura"]["f1"]:
        print("FAIL: our F1 is lower than plain trafilatura's", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
