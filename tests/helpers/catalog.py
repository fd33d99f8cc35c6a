"""Fixture articles for the catalog tests: one TTXVN wire story as three outlets publish it, an edited copy,
boring and real revisions, and a catalog builder that inserts the captures the articles come from."""

from __future__ import annotations

import hashlib
import itertools
from typing import Any

from archive.catalog.articles import ArticleStore
from archive.catalog.db import open_database
from archive.catalog.schema import migrate

__all__ = [
    "build_sample_catalog",
    "WIRE",
    "OTHER",
    "outlet_copy",
    "edited_copy",
    "extraction",
    "new_catalog",
    "add_capture",
    "store",
]

# Paragraphs of one wire story (NFC). Outlets add their own intro and outro around them.
WIRE = [
    "Chiều 25/11, tại Hà Nội, Bộ Công an tổ chức hội nghị tổng kết công tác bảo đảm an ninh trật tự năm 2024 "
    "và triển khai nhiệm vụ trọng tâm năm 2025 với sự tham dự của lãnh đạo các đơn vị trực thuộc.",
    "Báo cáo tại hội nghị cho biết lực lượng công an nhân dân đã chủ động nắm chắc tình hình, kịp thời phát "
    "hiện và xử lý nhiều vụ việc phức tạp, góp phần giữ vững ổn định chính trị và trật tự an toàn xã hội.",
    "Trong năm, các đơn vị đã điều tra, làm rõ hơn tám mươi phần trăm số vụ phạm pháp hình sự, triệt phá nhiều "
    "đường dây tội phạm ma túy xuyên quốc gia và tội phạm lừa đảo trên không gian mạng tại Đà Nẵng và các tỉnh.",
    "Phát biểu chỉ đạo, Bộ trưởng yêu cầu các đơn vị tiếp tục đổi mới phương thức công tác, tăng cường chuyển "
    "đổi số, nâng cao chất lượng phục vụ người dân và doanh nghiệp trong giải quyết thủ tục hành chính.",
    "Hội nghị cũng đã khen thưởng nhiều tập thể và cá nhân có thành tích xuất sắc trong phong trào thi đua vì "
    "an ninh Tổ quốc, đồng thời phát động đợt thi đua cao điểm bảo vệ an toàn dịp Tết Nguyên đán.",
]
OTHER = [
    "Sáng 26/11, Thủ tướng Chính phủ chủ trì phiên họp Chính phủ thường kỳ tháng 11 bàn về tình hình kinh tế "
    "xã hội, giải ngân vốn đầu tư công và các giải pháp thúc đẩy tăng trưởng trong những tháng cuối năm.",
    "Các thành viên Chính phủ thảo luận về xuất khẩu nông sản, tiến độ các dự án đường cao tốc Bắc Nam, "
    "chính sách tín dụng cho nhà ở xã hội và việc sắp xếp tổ chức bộ máy hành chính tinh gọn hiệu quả.",
]


def outlet_copy(intro: str, outro: str, paragraphs: list[str] = WIRE) -> str:
    return "\n".join([f"{intro} {paragraphs[0]}", *paragraphs[1:], outro])


def edited_copy() -> str:
    """The wire story with its third paragraph rewritten by an editor."""
    paragraphs = list(WIRE)
    paragraphs[2] = (
        "Theo số liệu cập nhật, lực lượng chức năng đã điều tra, khám phá gần chín mươi phần trăm vụ án hình sự, "
        "bắt giữ hàng trăm đối tượng buôn bán ma túy tại các tỉnh biên giới phía Bắc."
    )
    return outlet_copy("(Chinhphu.vn) -", "Chinhphu.vn", paragraphs)


def extraction(url: str, text: str, **fields: Any) -> dict[str, Any]:
    base = {
        "url": url,
        "title": "Bộ Công an tổng kết công tác năm 2024",
        "author": None,
        "published": "2024-11-25T15:00:00+07:00",
        "modified": None,
        "language": "vi",
        "sitename": None,
        "text": text,
        "images": [],
        "canonical_url": None,
        "extractor_version": "test",
    }
    base.update(fields)
    return base


_ids = itertools.count(1)


def new_catalog(path: str = ":memory:"):
    db = open_database(path)
    migrate(db)
    return db


def add_capture(
    db, url: str, fetched_at: str, *, source: str = "test", body: str | None = None, status=200
) -> int:
    """A capture row as the recorder writes it (the WARC location is fictional but unique)."""
    n = next(_ids)
    digest = "sha1:" + hashlib.sha1((body if body is not None else f"{url} {n}").encode()).hexdigest()
    cur = db.conn.execute(
        "INSERT INTO captures (crawl_id, source, url, fetched_at, status, content_type, record_type, warc_file, "
        "warc_offset, warc_length, warc_record_id, payload_digest, page_kind, extract_status) "
        "VALUES (1, ?, ?, ?, ?, 'text/html', 'response', 'test.warc.gz', ?, 100, ?, ?, 'article', 'ok')",
        (source, url, fetched_at, status, n * 1000, f"<urn:uuid:{n:032x}>", digest),
    )
    return cur.lastrowid


def store(db, source: str, url: str, fetched_at: str, text: str, *, body: str | None = None, **fields) -> int:
    """Capture + upsert, as the crawl's pipeline does."""
    capture_id = add_capture(db, url, fetched_at, source=source, body=body)
    return ArticleStore(db).upsert(
        capture_id=capture_id,
        source=source,
        url=url,
        fetched_at=fetched_at,
        extraction=extraction(url, text, **fields),
    )


def build_sample_catalog(path) -> dict[str, int]:
    """A small archive on disk: a wire story from three outlets, an edited copy, an unrelated story that was
    revised once for real and once trivially, a capture with tracking parameters and a 404. Returns ids."""
    db = new_catalog(str(path))
    ids: dict[str, int] = {}
    ids["wire"] = store(db, "ttxvn", "https://ttxvn.example/bo-cong-an-tong-ket-1.htm", "2024-11-25T08:05:00Z",
                        outlet_copy("Hà Nội (TTXVN) -", "TTXVN"), published="2024-11-25T15:00:00+07:00",
                        images=[{"src": "https://ttxvn.example/a.jpg", "caption": "Quang cảnh hội nghị tại Đà Nẵng",
                                 "credit": "TTXVN"}])  # fmt: skip
    ids["chinhphu"] = store(db, "chinhphu", "https://baochinhphu.example/tong-ket-an-ninh-2.htm",
                            "2024-11-25T08:40:00Z", outlet_copy("(Chinhphu.vn) -", "Chinhphu.vn"),
                            published="2024-11-25T15:30:00+07:00")  # fmt: skip
    ids["cand"] = store(db, "cand", "https://cand.example/su-kien/hoi-nghi-tong-ket-3", "2024-11-25T09:10:00Z",
                        outlet_copy("CAND -", "Theo Báo Công an nhân dân"),
                        published="2024-11-25T16:00:00+07:00")  # fmt: skip
    ids["nhandan"] = store(db, "nhandan", "https://nhandan.example/tong-ket-4.html", "2024-11-25T10:00:00Z",
                           edited_copy(), published="2024-11-25T17:00:00+07:00")  # fmt: skip
    revised = "https://baochinhphu.example/phien-hop-5.htm"
    first = "\n".join(OTHER)
    ids["revised"] = store(db, "chinhphu", revised, "2024-11-26T02:00:00Z", first + "\n120 lượt xem",
                           title="Phiên họp Chính phủ thường kỳ tháng 11",
                           published="2024-11-26T09:00:00+07:00")  # fmt: skip
    store(db, "chinhphu", revised + "?utm_source=zalo&fbclid=1", "2024-11-26T03:00:00Z", first + "\n980 lượt xem",
          title="Phiên họp Chính phủ thường kỳ tháng 11", published="2024-11-26T09:00:00+07:00")  # fmt: skip
    edited = (
        first.replace("tháng 11", "tháng 11 năm 2024", 1)
        + "\nThủ tướng yêu cầu hoàn thành giải ngân trước 31/12."
    )
    store(db, "chinhphu", revised, "2024-11-26T05:00:00Z", edited,
          title="Thủ tướng chủ trì phiên họp Chính phủ thường kỳ tháng 11",
          published="2024-11-26T09:00:00+07:00")  # fmt: skip
    add_capture(db, "https://cand.example/khong-ton-tai", "2024-11-25T09:11:00Z", source="cand", status=404)
    db.conn.execute(
        "INSERT INTO crawls (id, started_at, finished_at, finish_reason, sources) VALUES "
        "(1, '2024-11-25T08:00:00Z', '2024-11-26T05:30:00Z', 'finished', '[\"ttxvn\",\"chinhphu\",\"cand\",\"nhandan\"]')"
    )
    db.conn.commit()
    db.conn.close()
    return ids
