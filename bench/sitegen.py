"""Generate a local press site for the benchmark: N article pages shaped like Vietnamese state-media pages.

Each article is 100-200 KB of UTF-8 HTML (the size range of real pages such as VnExpress or Báo Chính phủ): a
large inline stylesheet and scripts, a mega navigation, breadcrumbs, the article with lead, byline, figures with
captions and an inline "related" box, tags, sidebars ("most read", "latest"), more-news cards, a footer. Text
is random but made of real Vietnamese words, so trafilatura does the same kind of work as on real pages and no
two articles are duplicates. Everything is deterministic in (N, seed): a generated site is reused across runs.

Layout on disk (the server maps "/path" to "path" or "path/index.html"):
    index.html, robots.txt, sitemap.xml, sitemaps/news-K.xml     ({{base}} is replaced by the server)
    tin-moi/trang-K/index.html                                  paged listings, 50 articles each
    SECTION/index.html, SECTION/SUB/index.html                  section pages the navigation points at
    SECTION/SLUG-ID.html (+ .gz)                                the articles
    urls.txt                                                    absolute article URLs, {{base}} prefixed
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

__all__ = ["Article", "generate", "site_dir_for", "article_urls"]

# Words of real Vietnamese news text (from a TTXVN article and a VnExpress page), NFC.
WORDS = """
công an bộ thành thuế của các phố chính mức năm và hiện hồ với thu nhập hội nhân giảm trừ minh ủy được trong về
thực tính luật lâm trưởng kinh tội phạm gia tài triệu người tác dân xã so hơn vụ để cảnh cá sửa chí phát nghị có
cao đồng ông sẽ tô tổ chức trị định tăng bình quân tiêu xây dựng là đổi doanh đức đại cho tại đã lượng ninh đối
thị nhiệm giải pháp nhất một theo không đầu cơ khi tướng quyết thư văn quan trọng vào lực giữ vững vực tế cả quốc
cầu hành động sự trật tự đấu tranh cách điểm cũng nâng quản sống này tháng chi lương ảnh kết triển chương trình
viên bí đảng trung nên đến dự biểu chỉ đạo nói hình tiếp tục lĩnh nước cải tâm cần yêu phá phương trấn áp dụng ma
túy tượng nhiều lớn xe mới lý thông đô tin thời kiến lại nhận thấp từ xác bản thân nộp đang mỗi đơn vị ngày khai
ương nguyễn những quả góp chung phục hồi sinh phòng duy trì mở tham hiệu sát mục địa ban bảo liệt tới ít loại nghệ
lừa đảo châm mà bắt đường dây đưa thể án tấn sau truy phù điều tìm ứng khoa học đi số phong mẫu phường điển hợp
nghiệp sở giáo dục thứ nhìn thế giới bất trở cuộc trên chia sẻ phụ thuộc đó bằng tối thiểu dùng dịch lần biến tuy
nhiên xét quy thay làm căn cứ đây trước như giá lạc hậu chịu cập trao cờ thi đua tổng dương đạt đóng rất tích tình
ổn dần khá thiện ngoại rộng tốt năng mưu nghiêm túc bám khẩu nhóm đột lãnh đảm chống hướng kéo bền tập tuyến bàn
chủ nhũng sử qua mạng đánh khúc giữa cầm ra cụ đợt phép gần giấy tờ lưu chất nhà gắn khâu phải chuyển phủ điện tử
phần vai trò tiên gương đề đẩy nhanh tiến độ kiểu trào toàn vệ khu góc sản trí thao sức khỏe đời du lịch hóa giãn
tất mô thừa bên lang chiều gồm đáp nhu còn hầu hết mặt hàng đều khoảng khiến phí hoạt đội lên hoàng cấp thẩm quyền
xem chỉnh tiền cùng ngành gốc phân vùng miền chưa bổ sung gian mắt thụ đặc biệt hỗ trợ thảo luận sáng trần thường
trực ngân sách khởi chiết bậc nhật lạm khảo thấy độc giả nhưng họ tốn nuôi chiếm tỷ lệ anh
""".split()
PLACES = [
    "Hà Nội",
    "Thành phố Hồ Chí Minh",
    "Đà Nẵng",
    "Hải Phòng",
    "Cần Thơ",
    "Huế",
    "Nghệ An",
    "Quảng Ninh",
]
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Quốc Dũng", "Hoàng Thu Hà", "Vũ Đức Giang"]
SECTIONS = {
    "thoi-su": "Thời sự",
    "chinh-tri": "Chính trị",
    "kinh-te": "Kinh tế",
    "xa-hoi": "Xã hội",
    "the-gioi": "Thế giới",
    "phap-luat": "Pháp luật",
    "van-hoa": "Văn hóa",
    "giao-duc": "Giáo dục",
    "suc-khoe": "Sức khỏe",
    "the-thao": "Thể thao",
    "khoa-hoc": "Khoa học",
    "du-lich": "Du lịch",
}
SUBSECTIONS = ["tin-nong", "phan-tich", "doi-song", "chinh-sach", "dia-phuong", "quoc-te"]
TAGS = [
    "Quốc hội",
    "Chính phủ",
    "Thủ tướng",
    "Kinh tế số",
    "Chuyển đổi số",
    "Giáo dục",
    "Y tế",
    "Giao thông",
    "Đầu tư công",
    "Xuất khẩu",
    "Nông nghiệp",
    "Biển đảo",
    "Quốc phòng",
    "An ninh mạng",
    "Phòng chống tham nhũng",
    "Thuế",
    "Ngân hàng",
    "Bất động sản",
    "Du lịch",
    "Văn hóa",
    "Thể thao",
    "Môi trường",
    "Biến đổi khí hậu",
    "Khoa học công nghệ",
    "Đối ngoại",
    "ASEAN",
    "Lao động",
    "Bảo hiểm xã hội",
    "Cải cách hành chính",
    "Tết",
]
LISTING_SIZE = 50
SITEMAP_SIZE = 1000
SITE_NAME = "Báo Điện tử Bench"


@dataclass(frozen=True)
class Article:
    index: int
    id: int
    section: str
    title: str
    slug: str
    published: datetime

    @property
    def path(self) -> str:
        return f"/{self.section}/{self.slug}-{self.id}.html"


def ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def _sentence(rng: random.Random, lo: int = 8, hi: int = 24) -> str:
    words = rng.choices(WORDS, k=rng.randint(lo, hi))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(PLACES))
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 98)},{rng.randint(1, 9)}%")
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....;!?")[:1].replace(";", ".")


def _paragraph(rng: random.Random, sentences: tuple[int, int] = (2, 6)) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(*sentences)))


def _title(rng: random.Random) -> str:
    return _sentence(rng, 8, 16).rstrip(".!?")


def articles(n: int, seed: int) -> list[Article]:
    rng = random.Random(f"{seed}:titles")
    start = datetime(2026, 11, 1, 7, 0, tzinfo=UTC)
    out = []
    for i in range(n):
        title = _title(rng)
        out.append(
            Article(
                index=i,
                id=1_000_000 + i,
                section=rng.choice(list(SECTIONS)),
                title=title,
                slug=ascii_slug(title)[:80].strip("-"),
                published=start - timedelta(minutes=37 * i + rng.randint(0, 30)),
            )
        )
    return out


def _css(rng: random.Random, rules: int) -> str:
    props = [
        "margin",
        "padding",
        "color",
        "font-size",
        "line-height",
        "border",
        "display",
        "width",
        "background",
    ]
    out = []
    for i in range(rules):
        decls = ";".join(f"{rng.choice(props)}:{rng.randint(0, 40)}px" for _ in range(rng.randint(2, 6)))
        out.append(f".c{i}-{rng.choice(list(SECTIONS))} .box-{i % 17}>a{{{decls}}}")
    return "\n".join(out)


def _script(rng: random.Random, size: int) -> str:
    # Ad, analytics and hydration blobs: most of a real page's bytes, none of its text.
    items = []
    total = 0
    while total < size:
        item = (
            f'{{"zone":"z{rng.randint(1000, 9999)}","w":{rng.randint(100, 970)},"h":{rng.randint(50, 600)},'
            f'"kw":"{ascii_slug(rng.choice(WORDS) + " " + rng.choice(WORDS))}","t":{rng.randint(10**9, 2 * 10**9)}}}'
        )
        items.append(item)
        total += len(item) + 1
    return "window.__ADS__=[" + ",".join(items) + "];"


def _nav() -> str:
    parts = ['<nav class="main-nav"><ul class="menu">']
    for slug, name in SECTIONS.items():
        subs = "".join(
            f'<li><a href="/{slug}/{sub}" title="{escape(name)} {sub}">{escape(name)} – {sub.replace("-", " ")}</a></li>'
            for sub in SUBSECTIONS
        )
        parts.append(f'<li class="item"><a href="/{slug}">{escape(name)}</a><ul class="sub">{subs}</ul></li>')
    parts.append("</ul></nav>")
    return "".join(parts)


NAV = _nav()


def _card(a: Article, rng: random.Random, with_lead: bool = True) -> str:
    lead = f'<p class="sapo">{escape(_sentence(rng, 12, 25))}</p>' if with_lead else ""
    return (
        f'<article class="story"><a class="thumb" href="{a.path}" title="{escape(a.title)}">'
        f'<img src="/images/thumb/{a.id}.jpg" alt="{escape(a.title)}" loading="lazy" width="240" height="160"></a>'
        f'<h3 class="story__title"><a href="{a.path}">{escape(a.title)}</a></h3>{lead}'
        f'<time datetime="{a.published.isoformat()}">{a.published:%d/%m/%Y %H:%M}</time></article>'
    )


def _head(title: str, rng: random.Random, extra: str = "", css_rules: int = 120) -> str:
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)} | {SITE_NAME}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">{extra}'
        f"<style>{_css(rng, css_rules)}</style>"
        f'<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}gtag("js",new Date());</script>'
        f'</head><body><header class="site-header"><a class="logo" href="/">{SITE_NAME}</a>'
        f'<form class="search" action="/tim-kiem"><input name="q" placeholder="Tìm kiếm"></form>{NAV}</header>'
    )


def _footer() -> str:
    links = "".join(f'<li><a href="/{s}">{escape(n)}</a></li>' for s, n in SECTIONS.items())
    return (
        f'<footer class="site-footer"><ul class="footer-nav">{links}</ul>'
        "<p>Cơ quan chủ quản: Bench. Giấy phép số 00/GP-BTTTT. Địa chỉ: 1 Phố Bench, Hà Nội.</p>"
        "<p>© Bản quyền thuộc về Bench. Cấm sao chép dưới mọi hình thức nếu không có sự chấp thuận bằng văn bản.</p>"
        "</footer></body></html>"
    )


def article_html(a: Article, all_articles: list[Article], seed: int) -> str:
    rng = random.Random(f"{seed}:{a.id}")
    target = rng.randint(100_000, 200_000)
    n = len(all_articles)
    pick = lambda k: [all_articles[rng.randrange(n)] for _ in range(k)]  # noqa: E731
    author = rng.choice(PEOPLE)
    place = rng.choice(PLACES)
    lead = _paragraph(rng, (2, 3))
    images = [
        (f"/images/{a.id}/{k}.jpg", _sentence(rng, 10, 22).rstrip(".")) for k in range(rng.randint(2, 5))
    ]
    url_path = a.path
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "datePublished": a.published.isoformat(),
        "dateModified": (a.published + timedelta(hours=1)).isoformat(),
        "author": {"@type": "Person", "name": author},
        "publisher": {"@type": "Organization", "name": SITE_NAME},
        "image": [{"@type": "ImageObject", "url": src, "caption": cap} for src, cap in images],
        "articleSection": SECTIONS[a.section],
    }
    meta = (
        f'<meta name="description" content="{escape(lead[:200])}">'
        f'<meta property="og:type" content="article"><meta property="og:title" content="{escape(a.title)}">'
        f'<meta property="og:image" content="{images[0][0]}"><meta property="og:site_name" content="{SITE_NAME}">'
        f'<meta property="article:published_time" content="{a.published.isoformat()}">'
        f'<meta name="author" content="{author}"><link rel="canonical" href="{url_path}">'
        f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    )
    parts = [_head(a.title, rng, meta, css_rules=rng.randint(80, 200))]
    parts.append(
        f'<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/{a.section}">{SECTIONS[a.section]}</a></div>'
        '<div class="container"><main class="main-col"><article class="detail">'
        f'<h1 class="detail__title">{escape(a.title)}</h1>'
        f'<div class="detail__meta"><span class="author">{author}</span> · '
        f'<time datetime="{a.published.isoformat()}">{a.published:%d/%m/%Y %H:%M} (GMT+7)</time></div>'
        f'<h2 class="detail__sapo">{escape(place)} – {escape(lead)}</h2><div class="detail__content">'
    )
    paragraphs = rng.randint(10, 26)
    figure_at = sorted(rng.sample(range(1, paragraphs), k=min(len(images), paragraphs - 1)))
    related_at = rng.randint(3, paragraphs - 1)
    for p in range(paragraphs):
        if figure_at and p == figure_at[0]:
            figure_at.pop(0)
            src, cap = images.pop(0)
            parts.append(
                f'<figure class="image align-center"><img src="{src}" data-src="{src}" alt="{escape(cap)}" '
                f'width="800" height="533"><figcaption><p>{escape(cap)}. (Ảnh: TTXVN)</p></figcaption></figure>'
            )
        if p == related_at:
            links = "".join(
                f'<li><a href="{r.path}">{escape(r.title)}</a></li>' for r in pick(rng.randint(3, 6))
            )
            parts.append(f'<div class="box-related"><h3>Tin liên quan</h3><ul>{links}</ul></div>')
        parts.append(f"<p>{escape(_paragraph(rng))}</p>")
    tags = "".join(
        f'<a href="/tag/{ascii_slug(w)}" class="tag">{escape(w)}</a>' for w in rng.sample(TAGS, k=6)
    )
    parts.append(
        f'<p class="author-name"><strong>{author}</strong></p></div>'
        f'<div class="detail__tags">{tags}</div>'
        '<div class="share"><a href="#" class="fb">Chia sẻ</a><a href="#" class="zalo">Zalo</a>'
        '<a href="#" class="copy">Sao chép liên kết</a></div></article>'
    )
    more = "".join(_card(r, rng, with_lead=False) for r in pick(6))
    parts.append(f'<section class="box-same-category"><h2>Cùng chuyên mục</h2>{more}</section>')
    body = "".join(parts)
    aside = (
        '</main><aside class="sidebar"><div class="box-most-read"><h2>Đọc nhiều</h2>'
        + "".join(_card(r, rng) for r in pick(10))
        + '</div><div class="ads"><div id="ad-300x600"></div></div><div class="box-latest"><h2>Tin mới</h2>'
        + "".join(_card(r, rng, with_lead=False) for r in pick(10))
        + "</div></aside></div>"
    )
    footer = _footer()
    # More-news cards until ~75% of the target, then ad/analytics script for the rest: real pages are
    # mostly markup and scripts around a comparatively small article.
    cards = ['<section class="box-more-news"><h2>Tin khác</h2>']
    size = len((body + aside + footer).encode()) + 200
    while size < target * 0.75:
        card = _card(all_articles[rng.randrange(n)], rng)
        cards.append(card)
        size += len(card.encode())
    cards.append("</section>")
    script = f"<script>{_script(rng, max(0, target - size - 40))}</script>"
    return body + aside + "".join(cards) + script + footer


def listing_html(title: str, items: list[Article], seed: int, pager: str = "") -> str:
    rng = random.Random(f"{seed}:listing:{title}")
    cards = "".join(_card(a, rng) for a in items)
    return (
        _head(title, rng, css_rules=40)
        + f'<main class="listing"><h1>{escape(title)}</h1>{cards}<div class="pager">{pager}</div></main>'
        + _footer()
    )


def site_dir_for(root: Path, n: int, seed: int) -> Path:
    return root / f"site-n{n}-s{seed}"


def article_urls(site: Path, base: str) -> list[str]:
    return [line.replace("{{base}}", base) for line in (site / "urls.txt").read_text().split()]


def _write(path: Path, text: str, gz: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    path.write_bytes(data)
    if gz:
        # Pre-compressed like a real front end's cache, so serving costs the server no CPU.
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, compresslevel=6, mtime=0))


_WORKER: dict = {}


def _init_worker(n: int, seed: int, site: Path) -> None:
    _WORKER.update(items=articles(n, seed), seed=seed, site=site)


def _write_article(index: int) -> None:
    a = _WORKER["items"][index]
    path = _WORKER["site"] / a.path.lstrip("/")
    if not path.with_name(path.name + ".gz").exists():  # written last: the page is complete
        _write(path, article_html(a, _WORKER["items"], _WORKER["seed"]), gz=True)


def generate(root: Path, n: int, seed: int = 1, log=print) -> Path:
    """Generate the site once for (n, seed); a complete earlier one is reused."""
    site = site_dir_for(root, n, seed)
    done = site / ".complete"
    if done.exists():
        return site
    items = articles(n, seed)
    # Articles in parallel (a 20,000-page site takes minutes on one core); an interrupted run resumes.
    with ProcessPoolExecutor(os.cpu_count(), initializer=_init_worker, initargs=(n, seed, site)) as pool:
        for k, _ in enumerate(pool.map(_write_article, range(n), chunksize=50), 1):
            if k % 1000 == 0:
                log(f"  generated {k}/{n} articles")
    pages = [items[i : i + LISTING_SIZE] for i in range(0, n, LISTING_SIZE)]
    for k, chunk in enumerate(pages, 1):
        pager = "".join(
            f'<a href="/tin-moi/trang-{j}">{j}</a>' for j in range(max(1, k - 3), min(len(pages), k + 3) + 1)
        )
        _write(
            site / f"tin-moi/trang-{k}/index.html",
            listing_html(f"Tin mới – trang {k}", chunk, seed, pager),
            True,
        )
    for slug, name in SECTIONS.items():
        in_section = [a for a in items if a.section == slug]
        _write(site / slug / "index.html", listing_html(name, in_section[:30], seed), True)
        for sub in SUBSECTIONS:
            _write(
                site / slug / sub / "index.html",
                listing_html(f"{name} – {sub}", in_section[30:45], seed),
                True,
            )
    for k, tag in enumerate(TAGS):
        _write(
            site / "tag" / ascii_slug(tag) / "index.html",
            listing_html(tag, items[k :: len(TAGS)][:20], seed),
            True,
        )
    listing_links = "".join(
        f'<li><a href="/tin-moi/trang-{k}">Tin mới – trang {k}</a></li>' for k in range(1, len(pages) + 1)
    )
    home = listing_html("Trang chủ", items[:20], seed, f"<ul>{listing_links}</ul>")
    _write(site / "index.html", home, True)
    maps = [items[i : i + SITEMAP_SIZE] for i in range(0, n, SITEMAP_SIZE)]
    for k, chunk in enumerate(maps, 1):
        entries = "".join(
            f"<url><loc>{{{{base}}}}{a.path}</loc><lastmod>{a.published.isoformat()}</lastmod>"
            f"<news:news><news:publication><news:name>{SITE_NAME}</news:name><news:language>vi</news:language>"
            f"</news:publication><news:publication_date>{a.published.isoformat()}</news:publication_date>"
            f"<news:title>{escape(a.title)}</news:title></news:news></url>"
            for a in chunk
        )
        _write(
            site / f"sitemaps/news-{k}.xml",
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>',
        )
    index = "".join(
        f"<sitemap><loc>{{{{base}}}}/sitemaps/news-{k}.xml</loc></sitemap>" for k in range(1, len(maps) + 1)
    )
    _write(
        site / "sitemap.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}</sitemapindex>',
    )
    _write(site / "robots.txt", "User-agent: *\nDisallow: /tim-kiem\nSitemap: {{base}}/sitemap.xml\n")
    (site / "urls.txt").write_text("".join(f"{{{{base}}}}{a.path}\n" for a in items))
    done.touch()
    return site


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("root", type=Path)
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.root, args.n, args.seed))


if __name__ == "__main__":
    main()
