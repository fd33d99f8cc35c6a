"""The texts of the sample press site: original news-style prose written for newsarchive's demo and tests.

Places and institutions are real, people, figures and events are invented. Body blocks are separated by a
blank line; a block is a paragraph, `## heading`, `> quote`, `[img NAME|STYLE|caption]` (STYLE: figure,
photocms, sibling, table, datacaption) or `[related KEY|STYLE]` (STYLE: bcp, vnp, list). Inside a paragraph,
`[[text|/path]]` is a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["ARTICLES", "SECTIONS", "SITE_NAME", "OLD_PATH", "OLD_TARGET", "DELETED_PATH", "ArticleText"]

SITE_NAME = "Báo Tin Mẫu"
SECTIONS = {"thoi-su": "Thời sự", "kinh-te": "Kinh tế", "xa-hoi": "Xã hội"}
# An article's address on the old CMS, answered with a 301 to its new address.
OLD_PATH = "/tin-tuc/quoc-hoi-thong-qua-nghi-quyet-do-thi-ven-song-1234567.html"
OLD_TARGET = "do-thi-ven-song"
# An article the newsroom took down: linked from another article, answered with a 404.
DELETED_PATH = "/xa-hoi/bo-y-te-khuyen-cao-phong-benh-mua-dong-102261101070000.htm"

_IMG = re.compile(r"^\[img (?P<name>[\w-]+)\|\w+\|(?P<caption>.*)\]$")


@dataclass(frozen=True)
class ArticleText:
    key: str
    section: str
    slug: str
    id: str
    title: str
    sapo: str
    author: str
    published: str  # local time in Hà Nội (+07:00)
    body: str
    tags: tuple[str, ...] = ()
    credit: str = ""
    modified: str = ""
    byline_style: str = "top"  # top, bottom, or source ("Theo TTXVN")
    views: int = 0
    entities: bool = False  # non-ASCII letters written as numeric character references, as some CMSes do
    notes: tuple[str, ...] = field(default=())

    def blocks(self) -> list[str]:
        return [" ".join(b.split()) for b in self.body.strip().split("\n\n") if b.strip()]

    def images(self) -> list[tuple[str, str]]:
        return [(m["name"], m["caption"]) for b in self.blocks() if (m := _IMG.match(b))]


# The same TTXVN wire story, republished under two headlines with different boilerplate (see dedup).
_FLOOD = """
Quảng Ngãi (TTXVN) - Sau nhiều ngày mưa lớn kéo dài, nước lũ trên các sông Trà Khúc, sông Vệ và sông Trà Bồng đã bắt đầu rút. Chính quyền các địa phương ven sông đang huy động tối đa lực lượng, phương tiện để dọn dẹp bùn đất, khôi phục giao thông và hỗ trợ người dân ổn định cuộc sống.

Theo báo cáo nhanh của Ban Chỉ huy phòng thủ dân sự tỉnh, tính đến 17 giờ ngày 23/11, đợt mưa lũ đã làm hơn 8.400 ngôi nhà bị ngập, trong đó gần 1.200 nhà ngập sâu trên 1 mét; khoảng 3.600 ha hoa màu và 420 ha nuôi trồng thủy sản bị thiệt hại. Nhiều tuyến đường liên xã bị sạt lở, chia cắt cục bộ trong hai ngày.

[img lu-quang-ngai|figure|Lực lượng vũ trang giúp người dân xã Nghĩa Hành dọn bùn đất sau lũ. (Ảnh: TTXVN)]

Tại các xã vùng trũng, bộ đội, công an, dân quân và đoàn viên thanh niên đã được điều động giúp người dân di dời tài sản, dọn dẹp nhà cửa, trường học và trạm y tế. Ngành y tế tỉnh cấp phát hơn 20 tấn hóa chất Cloramin B để khử khuẩn nguồn nước, phòng dịch bệnh sau lũ.

Ông Lê Quang Vinh, Chánh Văn phòng Ban Chỉ huy phòng thủ dân sự tỉnh, cho biết tỉnh đã xuất cấp 150 tấn gạo dự trữ cho các hộ bị ảnh hưởng nặng và yêu cầu các địa phương rà soát, không để người dân nào bị đói, rét hay thiếu nước sạch sinh hoạt.

> "Ưu tiên hàng đầu lúc này là bảo đảm an toàn tính mạng, chỗ ở tạm cho các hộ mất nhà và đưa học sinh trở lại trường sớm nhất có thể", ông Vinh nói.

Ngành giáo dục cho biết vẫn còn khoảng 12.000 học sinh tại 37 trường chưa thể đến lớp do trường bị ngập hoặc đường sá chưa thông. Các trường đang tổ chức vệ sinh lớp học, phơi sấy sách vở, thiết bị dạy học, phấn đấu đón học sinh trở lại trong tuần này.

[img lu-truong-hoc|figure|Giáo viên Trường Tiểu học Tịnh Sơn lau dọn bàn ghế sau khi nước rút. (Ảnh: Văn Đức/TTXVN)]

Theo Đài Khí tượng Thủy văn khu vực Trung Trung Bộ, trong hai ngày tới khu vực tiếp tục có mưa rải rác, lượng mưa giảm dần; mực nước các sông xuống dưới báo động 1. Tuy nhiên, nguy cơ sạt lở đất tại các huyện miền núi vẫn còn cao do đất đã ngậm nước sau nhiều ngày mưa.
"""

ARTICLES: list[ArticleText] = [
    ArticleText(
        key="phien-hop-chinh-phu",
        section="thoi-su",
        slug="chinh-phu-hop-phien-thuong-ky-thang-11-giu-vung-da-tang-truong-nhung-thang-cuoi-nam",
        id="102261126182015",
        title="Chính phủ họp phiên thường kỳ tháng 11: Giữ vững đà tăng trưởng những tháng cuối năm",
        sapo="Chiều 26/11, tại Trụ sở Chính phủ, Chính phủ họp phiên thường kỳ tháng 11, đánh giá tình hình kinh tế - xã hội 11 tháng và bàn các giải pháp hoàn thành cao nhất các mục tiêu của năm.",
        author="Minh Khôi",
        credit="VGP",
        published="2026-11-26T18:20:00",
        modified="2026-11-26T20:05:00",
        tags=("Phiên họp Chính phủ", "tăng trưởng kinh tế", "đầu tư công"),
        views=5120,
        body="""
Phiên họp được tổ chức theo hình thức trực tiếp kết hợp trực tuyến với các tỉnh, thành phố trực thuộc Trung ương. Tham dự có các thành viên Chính phủ, lãnh đạo các bộ, cơ quan ngang bộ và chủ tịch ủy ban nhân dân các địa phương.

Theo báo cáo của Bộ Tài chính, kinh tế vĩ mô tiếp tục ổn định, lạm phát được kiểm soát, các cân đối lớn được bảo đảm. Chỉ số giá tiêu dùng bình quân 11 tháng tăng 3,4% so với cùng kỳ; thu ngân sách nhà nước ước đạt 104% dự toán năm; tổng kim ngạch xuất nhập khẩu tăng hơn 14%, xuất siêu ước khoảng 21 tỷ USD.

[img hop-chinh-phu|photocms|Toàn cảnh phiên họp Chính phủ thường kỳ tháng 11. Ảnh: VGP/Minh Khôi]

Tuy nhiên, báo cáo cũng chỉ rõ những khó khăn, thách thức: giải ngân vốn đầu tư công ở một số bộ, địa phương còn chậm; sản xuất, kinh doanh của một bộ phận doanh nghiệp nhỏ và vừa chưa thực sự phục hồi; thiên tai, mưa lũ tại miền Trung gây thiệt hại lớn về người và tài sản.

## Tập trung cao độ cho những tháng cuối năm

Kết luận phiên họp, người chủ trì yêu cầu các bộ, ngành, địa phương không chủ quan, lơ là; bám sát tình hình, phản ứng chính sách kịp thời, linh hoạt, hiệu quả; phấn đấu tăng trưởng cả năm đạt mức cao nhất, tạo đà cho năm 2027.

Các bộ, cơ quan được giao nhiệm vụ phải hoàn thành việc xây dựng, ban hành văn bản quy định chi tiết các luật đã được Quốc hội thông qua, không để chậm trễ, chồng chéo. Các địa phương đẩy nhanh giải ngân vốn đầu tư công, coi đây là nhiệm vụ chính trị trọng tâm; cá thể hóa trách nhiệm người đứng đầu đối với từng dự án chậm tiến độ.

[related do-thi-ven-song|bcp]

Về công tác khắc phục hậu quả thiên tai, Chính phủ yêu cầu khẩn trương hỗ trợ người dân vùng lũ sửa chữa nhà cửa, khôi phục sản xuất, bảo đảm không để người dân nào thiếu đói, không có chỗ ở; sớm đưa học sinh trở lại trường học.

[img hop-chinh-phu-2|photocms|Các đại biểu dự phiên họp tại điểm cầu Trụ sở Chính phủ. Ảnh: VGP/Minh Khôi]

Cũng tại phiên họp, Chính phủ cho ý kiến về dự thảo Nghị quyết về các nhiệm vụ, giải pháp chủ yếu thực hiện kế hoạch phát triển kinh tế - xã hội và dự toán ngân sách nhà nước năm 2027, giao Bộ Tài chính tiếp thu ý kiến các thành viên Chính phủ để hoàn thiện, trình ban hành trước ngày 31/12.
""",
    ),
    ArticleText(
        key="do-thi-ven-song",
        section="thoi-su",
        slug="quoc-hoi-thong-qua-nghi-quyet-thi-diem-phat-trien-do-thi-ven-song",
        id="102261125110542",
        title="Quốc hội thông qua Nghị quyết thí điểm phát triển đô thị ven sông",
        sapo="Sáng 25/11, với đa số đại biểu tán thành, Quốc hội biểu quyết thông qua Nghị quyết thí điểm một số cơ chế, chính sách đặc thù phát triển không gian đô thị ven sông tại ba thành phố trực thuộc Trung ương.",
        author="Hoàng Lan",
        published="2026-11-25T11:05:00",
        modified="2026-11-25T15:30:00",
        tags=("Quốc hội", "đô thị ven sông", "quy hoạch đô thị"),
        views=3880,
        byline_style="bottom",
        body="""
Kết quả biểu quyết điện tử cho thấy có 441 đại biểu tham gia, trong đó 436 đại biểu tán thành, chiếm 91,2% tổng số đại biểu Quốc hội. Nghị quyết có hiệu lực thi hành từ ngày 1/3/2027 và được thực hiện thí điểm trong 5 năm.

Theo Nghị quyết, Hà Nội, Thành phố Hồ Chí Minh và Cần Thơ được áp dụng một số cơ chế đặc thù về quy hoạch, đất đai và đầu tư để chỉnh trang, phát triển các khu vực dọc sông Hồng, sông Sài Gòn và sông Hậu theo hướng xanh, bền vững, gắn với phòng, chống thiên tai và thích ứng với biến đổi khí hậu.

[img quoc-hoi-bieu-quyet|table|Các đại biểu Quốc hội bấm nút biểu quyết thông qua Nghị quyết. (Ảnh: Hoàng Lan)]

Nghị quyết cho phép ủy ban nhân dân thành phố phê duyệt điều chỉnh cục bộ quy hoạch phân khu ven sông, với điều kiện không làm giảm diện tích đất cây xanh, mặt nước và không gian công cộng. Các dự án tái định cư cho người dân sống ven sông được ưu tiên bố trí vốn và triển khai trước một bước.

## Bảo đảm quyền lợi của người dân

Trình bày báo cáo giải trình, tiếp thu, chỉnh lý dự thảo, cơ quan thẩm tra cho biết nhiều ý kiến đại biểu đề nghị làm rõ cơ chế bồi thường, hỗ trợ, tái định cư. Dự thảo đã được bổ sung quy định người dân bị thu hồi đất được bố trí tái định cư tại chỗ hoặc gần nơi ở cũ, với điều kiện sống bằng hoặc tốt hơn.

Một số đại biểu lo ngại việc thí điểm có thể dẫn tới "bê tông hóa" bờ sông. Giải trình nội dung này, cơ quan soạn thảo khẳng định Nghị quyết quy định tỷ lệ tối thiểu đất cây xanh, công viên và không gian mở dọc hai bên bờ sông; mọi dự án phải được đánh giá tác động đến dòng chảy và hành lang thoát lũ.

Chính phủ được giao ban hành nghị định hướng dẫn trong vòng ba tháng kể từ ngày Nghị quyết có hiệu lực, đồng thời định kỳ hằng năm báo cáo Quốc hội kết quả thực hiện thí điểm.
""",
    ),
    ArticleText(
        key="mua-lu-mien-trung",
        section="thoi-su",
        slug="mien-trung-khan-truong-khac-phuc-hau-qua-mua-lu-som-on-dinh-doi-song-nhan-dan",
        id="102261124091533",
        title="Miền Trung khẩn trương khắc phục hậu quả mưa lũ, sớm ổn định đời sống nhân dân",
        sapo="Nước lũ trên các sông ở Quảng Ngãi bắt đầu rút, các địa phương tập trung dọn dẹp bùn đất, khôi phục giao thông, cấp phát gạo cứu trợ và khử khuẩn nguồn nước cho người dân vùng lũ.",
        author="Văn Đức",
        credit="TTXVN",
        published="2026-11-24T09:15:00",
        tags=("mưa lũ", "miền Trung", "Quảng Ngãi", "khắc phục hậu quả thiên tai"),
        views=6400,
        body=_FLOOD,
    ),
    ArticleText(
        key="lua-dao-qua-mang",
        section="thoi-su",
        slug="triet-pha-duong-day-lua-dao-qua-mang-chiem-doat-hon-40-ty-dong",
        id="102261123144021",
        title="Triệt phá đường dây lừa đảo qua mạng chiếm đoạt hơn 40 tỷ đồng",
        sapo='Công an tỉnh Đồng Nai vừa triệt phá đường dây giả danh nhân viên sàn thương mại điện tử, dụ dỗ người dân làm "nhiệm vụ" để chiếm đoạt tiền, bắt giữ 17 đối tượng.',
        author="Trần Hưng",
        published="2026-11-23T14:40:00",
        tags=("lừa đảo qua mạng", "Công an Đồng Nai", "tội phạm công nghệ cao"),
        views=7250,
        byline_style="bottom",
        body="""
Theo Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao Công an tỉnh Đồng Nai, từ đầu năm 2026, đơn vị nhận được nhiều đơn trình báo của người dân về việc bị lừa đảo sau khi tham gia các nhóm "làm nhiệm vụ online" trên mạng xã hội.

Qua điều tra, cơ quan công an xác định các đối tượng lập hàng trăm tài khoản giả danh nhân viên sàn thương mại điện tử, nhắn tin mời người dân làm cộng tác viên "đánh giá sản phẩm" để hưởng hoa hồng. Ban đầu, nạn nhân được trả thưởng vài chục nghìn đồng để tạo lòng tin.

[img cong-an-bat-giu|sibling|Các đối tượng trong đường dây lừa đảo tại cơ quan điều tra. Ảnh: CACC]

Sau đó, các đối tượng yêu cầu nạn nhân chuyển số tiền ngày càng lớn để thực hiện "nhiệm vụ cấp cao", rồi viện lý do thao tác sai, tài khoản bị khóa để tiếp tục đòi nộp tiền. Có người đã chuyển gần 2 tỷ đồng trước khi phát hiện bị lừa.

[related tiem-chung|list]

Ngày 20/11, Công an tỉnh đồng loạt khám xét 9 địa điểm tại Đồng Nai và Thành phố Hồ Chí Minh, bắt giữ 17 đối tượng, thu giữ 64 điện thoại di động, 23 máy tính, hàng trăm sim điện thoại và nhiều tài liệu liên quan. Cầm đầu đường dây là Nguyễn Văn H. (34 tuổi) và Lê Thị T. (29 tuổi).

Bước đầu, cơ quan công an xác định đường dây đã lừa đảo hơn 1.300 người trên cả nước, chiếm đoạt hơn 40 tỷ đồng. Vụ án đang được mở rộng điều tra.

Theo cơ quan điều tra, để che giấu dòng tiền, các đối tượng thuê và mua lại hàng trăm tài khoản ngân hàng đứng tên người khác, chia nhỏ số tiền chiếm đoạt rồi chuyển qua nhiều tầng tài khoản trước khi quy đổi sang tiền mã hóa. Thủ đoạn này khiến việc truy vết mất nhiều thời gian.

Trung tá Phạm Quốc Toản, Phó Trưởng phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao, cho biết người cho thuê, bán tài khoản ngân hàng cũng có thể bị xử lý hình sự nếu biết tài khoản được dùng vào mục đích phạm tội. "Nhiều người nghĩ bán tài khoản lấy vài trăm nghìn đồng là vô hại, nhưng chính những tài khoản đó đang tiếp tay cho tội phạm", ông nói.

> Công an khuyến cáo người dân không làm theo yêu cầu chuyển tiền của người lạ trên mạng; không có công việc "việc nhẹ, lương cao" nào đòi người lao động phải nộp tiền trước. Khi nghi ngờ bị lừa đảo, hãy báo ngay cho cơ quan công an gần nhất.
""",
    ),
    ArticleText(
        key="chuyen-doi-so",
        section="thoi-su",
        slug="day-manh-chuyen-doi-so-o-cap-xa-phuc-vu-nguoi-dan-tot-hon",
        id="102261121160027",
        title="Đẩy mạnh chuyển đổi số ở cấp xã, phục vụ người dân tốt hơn",
        sapo="Chính phủ vừa ban hành Nghị quyết về đẩy mạnh chuyển đổi số ở cấp xã, đặt mục tiêu đến năm 2028, 100% thủ tục hành chính đủ điều kiện được cung cấp dưới dạng dịch vụ công trực tuyến toàn trình.",
        author="Thu Phương",
        credit="VGP",
        published="2026-11-21T16:00:00",
        tags=("chuyển đổi số", "dịch vụ công trực tuyến", "chính quyền cấp xã"),
        views=2950,
        body="""
Nghị quyết xác định chính quyền cấp xã là nơi gần dân nhất, trực tiếp giải quyết phần lớn thủ tục hành chính của người dân và doanh nghiệp. Vì vậy, chuyển đổi số ở cấp xã là khâu then chốt để xây dựng nền hành chính phục vụ, minh bạch và hiệu quả.

Theo Nghị quyết, đến năm 2028, 100% ủy ban nhân dân cấp xã có bộ phận một cửa được trang bị đầy đủ thiết bị số hóa hồ sơ; 90% hồ sơ thủ tục hành chính được số hóa, tái sử dụng dữ liệu; 80% người dân trong độ tuổi lao động có tài khoản định danh điện tử và biết sử dụng dịch vụ công trực tuyến.

[img mot-cua-so|datacaption|Người dân làm thủ tục tại bộ phận một cửa của một phường ở Hà Nội. Ảnh: VGP/Thu Phương]

## Không để ai bị bỏ lại phía sau

Nghị quyết yêu cầu các địa phương duy trì tổ công nghệ số cộng đồng tại mỗi thôn, tổ dân phố để hướng dẫn người cao tuổi, người khuyết tật và người dân vùng sâu, vùng xa sử dụng dịch vụ số. Bên cạnh kênh trực tuyến, người dân vẫn được lựa chọn nộp hồ sơ trực tiếp.

Bộ Khoa học và Công nghệ được giao chủ trì xây dựng bộ chỉ số đánh giá mức độ chuyển đổi số cấp xã, công bố hằng năm; Bộ Nội vụ hướng dẫn bố trí công chức phụ trách chuyển đổi số, bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã.

[related phien-hop-chinh-phu|vnp]

Về kinh phí, ngân sách địa phương bảo đảm là chính, ngân sách Trung ương hỗ trợ các xã đặc biệt khó khăn. Các địa phương được khuyến khích huy động doanh nghiệp viễn thông, công nghệ tham gia đầu tư hạ tầng, phủ sóng di động băng rộng tới 100% thôn, bản.

Trước đó, tại một số địa phương làm thí điểm như Bắc Ninh, Đà Nẵng và Vĩnh Long, thời gian giải quyết thủ tục tại cấp xã đã giảm trung bình 30-40%, tỷ lệ hồ sơ nộp trực tuyến tăng gấp ba lần so với trước khi triển khai.
""",
    ),
    ArticleText(
        key="xuat-khau",
        section="kinh-te",
        slug="xuat-khau-nong-lam-thuy-san-11-thang-dat-gan-63-ty-usd",
        id="102261126103018",
        title="Xuất khẩu nông lâm thủy sản 11 tháng đạt gần 63 tỷ USD",
        sapo="Kim ngạch xuất khẩu nông lâm thủy sản 11 tháng năm 2026 ước đạt gần 63 tỷ USD, tăng 11,5% so với cùng kỳ; thặng dư thương mại của ngành đạt khoảng 18 tỷ USD.",
        author="Bảo Ngọc",
        credit="TTXVN/Vietnam+",
        published="2026-11-26T10:30:00",
        tags=("xuất khẩu nông sản", "cà phê", "sầu riêng", "thủy sản"),
        views=4100,
        body="""
Số liệu của Bộ Nông nghiệp và Môi trường cho thấy, trong 11 tháng, xuất khẩu nhóm nông sản chính ước đạt 34,2 tỷ USD, tăng 13%; nhóm thủy sản đạt 10,1 tỷ USD, tăng 9,8%; nhóm lâm sản đạt 16,3 tỷ USD, tăng 8,7%.

Cà phê tiếp tục là điểm sáng với kim ngạch hơn 7,8 tỷ USD, tăng gần 30% so với cùng kỳ nhờ giá xuất khẩu duy trì ở mức cao. Rau quả đạt 7,4 tỷ USD, trong đó sầu riêng chiếm gần một nửa. Gạo đạt 4,6 tỷ USD dù giá xuất khẩu giảm so với năm trước.

[img cang-container|figure|Bốc xếp hàng xuất khẩu tại cảng Cát Lái, Thành phố Hồ Chí Minh. (Ảnh: Hồng Đạt/TTXVN)]

Trung Quốc, Hoa Kỳ và Nhật Bản vẫn là ba thị trường tiêu thụ nông lâm thủy sản lớn nhất của Việt Nam, chiếm lần lượt 22,3%, 21,1% và 7,2% tổng giá trị xuất khẩu. Xuất khẩu sang thị trường Trung Đông và châu Phi tăng mạnh, lần lượt 28% và 35%.

Theo các doanh nghiệp, yêu cầu về truy xuất nguồn gốc, mã số vùng trồng và tiêu chuẩn chống phá rừng của Liên minh châu Âu đang đặt ra áp lực lớn, song cũng là động lực để ngành nông nghiệp nâng cao chất lượng và giá trị gia tăng.

Bà Nguyễn Thị Lan Anh, Tổng Giám đốc một doanh nghiệp xuất khẩu cà phê ở Đắk Lắk, cho biết doanh nghiệp đã hoàn thành việc số hóa dữ liệu vùng nguyên liệu cho hơn 4.000 hộ nông dân liên kết, định vị từng vườn cà phê để đáp ứng quy định chống phá rừng. "Chi phí ban đầu không nhỏ, nhưng đổi lại đơn hàng sang châu Âu năm nay tăng gần 40%", bà nói.

[related gia-lua|vnp]

Bộ Nông nghiệp và Môi trường cho biết sẽ tiếp tục phối hợp với Bộ Công Thương đàm phán mở cửa thị trường cho các sản phẩm mới như bưởi, chanh leo, sản phẩm từ gia cầm; đồng thời hướng dẫn doanh nghiệp tận dụng ưu đãi từ các hiệp định thương mại tự do.

[img ca-phe-tay-nguyen|figure|Nông dân Đắk Lắk thu hoạch cà phê vụ mới. (Ảnh: Tuấn Anh/TTXVN)]

Với đà tăng trưởng hiện nay, ngành nông nghiệp kỳ vọng kim ngạch xuất khẩu cả năm 2026 đạt khoảng 69 tỷ USD, vượt mục tiêu đề ra từ đầu năm.
""",
    ),
    ArticleText(
        key="gia-lua",
        section="kinh-te",
        slug="gia-lua-o-dong-bang-song-cuu-long-tang-nhe-nong-dan-phan-khoi-xuong-giong-vu-dong-xuan",
        id="102261124151047",
        title="Giá lúa ở Đồng bằng sông Cửu Long tăng nhẹ, nông dân phấn khởi xuống giống vụ Đông Xuân",
        sapo="Giá lúa tươi tại nhiều địa phương Đồng bằng sông Cửu Long tăng 200-300 đồng/kg so với tháng trước, giúp nông dân yên tâm chuẩn bị cho vụ Đông Xuân 2026-2027.",
        author="Hữu Trí",
        published="2026-11-24T15:10:00",
        tags=("giá lúa", "Đồng bằng sông Cửu Long", "vụ Đông Xuân"),
        views=2100,
        byline_style="bottom",
        body="""
Ghi nhận tại Cần Thơ, An Giang và Đồng Tháp, thương lái đang thu mua lúa tươi giống OM 18 và Đài Thơm 8 với giá từ 7.200 đến 7.500 đồng/kg, lúa Jasmine từ 7.800 đến 8.000 đồng/kg, tăng 200-300 đồng/kg so với đầu tháng 11.

Ông Trần Văn Sáu, nông dân ở xã Thạnh Phú, thành phố Cần Thơ, cho biết gia đình vừa thu hoạch 3 ha lúa Thu Đông, năng suất đạt khoảng 6 tấn/ha. "Với giá này, trừ chi phí, mỗi công lúa lời được hơn 2 triệu đồng, bà con ai cũng mừng", ông Sáu nói.

[img ruong-lua|sibling|Nông dân Cần Thơ thu hoạch lúa Thu Đông. Ảnh: Hữu Trí]

Theo Sở Nông nghiệp và Môi trường thành phố Cần Thơ, vụ Đông Xuân 2026-2027, toàn vùng dự kiến xuống giống khoảng 1,5 triệu ha, trong đó diện tích lúa chất lượng cao, phát thải thấp chiếm hơn 40%. Ngành nông nghiệp khuyến cáo nông dân gieo sạ tập trung, né rầy, sử dụng giống xác nhận.

Các doanh nghiệp xuất khẩu gạo nhận định nhu cầu nhập khẩu từ Philippines, Indonesia và các nước châu Phi vẫn ổn định trong những tháng đầu năm 2027, giá gạo xuất khẩu có thể nhích lên khi bước vào mùa cao điểm cuối năm.

Ông Lâm Văn Phúc, Giám đốc một hợp tác xã ở An Giang, cho biết năm nay hợp tác xã đã ký hợp đồng bao tiêu với hai doanh nghiệp cho toàn bộ 600 ha lúa của thành viên, với giá sàn cao hơn giá thị trường tại thời điểm ký khoảng 100 đồng/kg. Nhờ vậy, nông dân chủ động được đầu ra và yên tâm đầu tư cho vụ mới.

Tại các cánh đồng tham gia đề án một triệu héc-ta lúa chất lượng cao, phát thải thấp, nông dân được tập huấn giảm lượng giống gieo sạ, bón phân cân đối và áp dụng kỹ thuật tưới ướt khô xen kẽ. Chi phí sản xuất giảm từ 1,5 đến 2 triệu đồng/ha, trong khi năng suất vẫn giữ ổn định.

Tuy nhiên, các chuyên gia lưu ý nông dân không nên tích trữ lúa quá lâu chờ giá, cần liên kết với doanh nghiệp qua hợp đồng bao tiêu để giảm rủi ro khi thị trường biến động.
""",
    ),
    ArticleText(
        key="cao-toc",
        section="kinh-te",
        slug="thong-xe-ky-thuat-cao-toc-qua-tay-nguyen-som-hon-ke-hoach-hai-thang",
        id="102261122090014",
        title="Thông xe kỹ thuật cao tốc qua Tây Nguyên sớm hơn kế hoạch hai tháng",
        sapo="Sáng 22/11, đoạn cao tốc dài 117 km nối Tây Nguyên với vùng duyên hải Nam Trung Bộ đã thông xe kỹ thuật, rút ngắn thời gian di chuyển từ Buôn Ma Thuột xuống biển còn khoảng hai giờ.",
        author="Quang Huy",
        published="2026-11-22T09:00:00",
        modified="2026-11-22T14:45:00",
        tags=("cao tốc", "Tây Nguyên", "hạ tầng giao thông"),
        views=3300,
        byline_style="bottom",
        credit="Nhân Dân",
        body="""
Dự án có tổng mức đầu tư khoảng 21.900 tỷ đồng, được khởi công từ tháng 6/2023, đi qua địa bàn hai tỉnh Đắk Lắk và Khánh Hòa. Đây là tuyến cao tốc đầu tiên kết nối trực tiếp khu vực Tây Nguyên với các cảng biển miền Trung.

Đại diện Ban Quản lý dự án cho biết, dù gặp nhiều khó khăn do địa hình đồi núi phức tạp, mưa kéo dài và thiếu vật liệu đắp nền, các nhà thầu đã tổ chức thi công "ba ca, bốn kíp", huy động hơn 3.000 kỹ sư, công nhân và 1.200 thiết bị, bảo đảm tiến độ và chất lượng công trình.

[img cao-toc-tay-nguyen|table|Đoạn cao tốc qua đèo được thông xe kỹ thuật. Ảnh: Quang Huy]

Theo thiết kế, giai đoạn 1 tuyến có quy mô bốn làn xe hạn chế, vận tốc thiết kế 80-100 km/h, với 15 cầu lớn và hầm xuyên núi dài 1,2 km. Khi đưa vào khai thác, tuyến đường sẽ giảm tải cho quốc lộ 26 vốn thường xuyên ùn tắc, sạt lở vào mùa mưa.

Công tác giải phóng mặt bằng từng là điểm nghẽn lớn nhất của dự án. Hai tỉnh đã thành lập tổ công tác liên ngành, tổ chức hàng trăm cuộc đối thoại với người dân, bố trí ba khu tái định cư với hạ tầng đồng bộ. Đến giữa năm 2025, toàn bộ mặt bằng đã được bàn giao cho nhà thầu.

Anh Y Bhim Niê, người dân ở xã Ea Kar có đất nằm trong phạm vi dự án, chia sẻ gia đình đã nhận tiền bồi thường và chuyển đến khu tái định cư mới từ năm ngoái. "Nhà mới gần trường, gần chợ, đường vào rẫy cũng sắp được làm lại. Có cao tốc, cà phê của bà con chở đi bán cũng nhanh hơn", anh nói.

[related xuat-khau|bcp]

Lãnh đạo tỉnh Đắk Lắk đánh giá tuyến cao tốc sẽ mở ra không gian phát triển mới cho vùng Tây Nguyên, giúp giảm chi phí logistics cho các mặt hàng nông sản chủ lực như cà phê, sầu riêng, hồ tiêu khi xuất khẩu qua cảng biển.

Sau khi thông xe kỹ thuật, chủ đầu tư tiếp tục hoàn thiện hệ thống an toàn giao thông, trạm dừng nghỉ và hệ thống giao thông thông minh, dự kiến đưa tuyến vào khai thác chính thức trong quý I/2027.
""",
    ),
    ArticleText(
        key="tin-dung",
        section="kinh-te",
        slug="tin-dung-toan-he-thong-tang-gan-14-ngan-hang-day-manh-cho-vay-cuoi-nam",
        id="102261119200036",
        title="Tín dụng toàn hệ thống tăng gần 14%, ngân hàng đẩy mạnh cho vay cuối năm",
        sapo="Đến giữa tháng 11, tín dụng toàn nền kinh tế tăng gần 14% so với cuối năm 2025; nhiều ngân hàng tung gói vay ưu đãi cho doanh nghiệp và người mua nhà ở xã hội.",
        author="Thanh Mai",
        published="2026-11-19T20:00:00",
        tags=("tín dụng", "ngân hàng", "lãi suất"),
        views=1800,
        body="""
Theo số liệu từ Ngân hàng Nhà nước, tín dụng tập trung chủ yếu vào các lĩnh vực sản xuất, kinh doanh, nông nghiệp, nông thôn và doanh nghiệp nhỏ và vừa. Tín dụng tiêu dùng và cho vay nhà ở cũng có dấu hiệu phục hồi rõ nét trong quý IV.

Mặt bằng lãi suất cho vay tiếp tục duy trì ở mức thấp. Lãi suất cho vay bình quân của các ngân hàng thương mại đối với các khoản vay mới khoảng 6,5-7%/năm; nhiều ngân hàng áp dụng lãi suất từ 4,5%/năm cho các khoản vay ngắn hạn phục vụ sản xuất dịp cuối năm.

[img ngan-hang|figure|Giao dịch tại một chi nhánh ngân hàng thương mại ở Hà Nội. Ảnh: Thanh Mai]

Đại diện một ngân hàng thương mại nhà nước cho biết, nhu cầu vốn thường tăng mạnh vào tháng 12 khi doanh nghiệp nhập nguyên liệu, sản xuất hàng phục vụ Tết Nguyên đán. Ngân hàng đã dành riêng gói tín dụng 30.000 tỷ đồng với lãi suất ưu đãi cho nhóm khách hàng này.

Các chuyên gia cho rằng việc tăng trưởng tín dụng cần đi đôi với kiểm soát chất lượng, hạn chế dòng vốn chảy vào lĩnh vực rủi ro. Ngân hàng Nhà nước yêu cầu các tổ chức tín dụng đơn giản hóa thủ tục nhưng không hạ chuẩn cho vay, tăng cường ứng dụng công nghệ trong thẩm định.

## Dòng vốn vào nhà ở xã hội còn chậm

Dù nhiều ngân hàng đã công bố gói vay nhà ở xã hội với lãi suất thấp hơn 1-2 điểm phần trăm so với vay thương mại, tốc độ giải ngân vẫn chưa như kỳ vọng. Nguyên nhân chủ yếu là nguồn cung dự án đủ điều kiện còn ít, thủ tục xác nhận đối tượng và điều kiện thu nhập của người mua còn mất nhiều thời gian.

Bà Nguyễn Thu Hằng, Giám đốc một chi nhánh ngân hàng tại quận Cầu Giấy, cho biết trung bình mỗi hồ sơ vay mua nhà ở xã hội cần từ ba đến bốn tuần để hoàn thiện. "Chúng tôi đã cử cán bộ đến tận dự án để hướng dẫn khách hàng chuẩn bị giấy tờ, nhưng phần lớn thời gian vẫn nằm ở khâu xác nhận của địa phương", bà Hằng nói.

Ngân hàng Nhà nước cho biết sẽ tiếp tục phối hợp với Bộ Xây dựng và các địa phương tháo gỡ vướng mắc, đồng thời theo dõi sát diễn biến thanh khoản để bảo đảm hệ thống có đủ nguồn vốn đáp ứng nhu cầu tăng cao vào dịp cuối năm, không để xảy ra tình trạng căng thẳng cục bộ.
""",
    ),
    ArticleText(
        key="mua-lu-hoc-sinh",
        section="xa-hoi",
        slug="mua-lu-mien-trung-hon-12-000-hoc-sinh-chua-the-tro-lai-truong",
        id="102261124133050",
        title="Mưa lũ miền Trung: Hơn 12.000 học sinh chưa thể trở lại trường",
        sapo="Lũ rút, các trường học ở Quảng Ngãi khẩn trương dọn dẹp, phơi sấy sách vở để đón học sinh; tỉnh xuất cấp 150 tấn gạo cứu trợ người dân vùng ngập.",
        author="Phóng viên thường trú",
        credit="TTXVN",
        published="2026-11-24T13:30:00",
        tags=("mưa lũ", "học sinh", "Quảng Ngãi"),
        views=2600,
        byline_style="source",
        entities=True,
        body=_FLOOD.replace(
            "[img lu-truong-hoc|figure|",
            "[related mua-lu-mien-trung|list]\n\n[img lu-truong-hoc|figure|",
        )
        + "\nMời bạn đọc theo dõi các tin bài về tình hình mưa lũ và công tác khắc phục hậu quả trên chuyên trang [[Xã hội|/xa-hoi/]] của Báo Tin Mẫu.\n",
    ),
    ArticleText(
        key="nha-giao",
        section="xa-hoi",
        slug="nhung-nguoi-thay-giu-lua-tren-vung-cao-nhan-ngay-nha-giao-viet-nam",
        id="102261120193022",
        title="Những người thầy giữ lửa trên vùng cao nhân Ngày Nhà giáo Việt Nam",
        sapo="Vượt hàng chục cây số đường đèo để đến điểm trường, nhiều thầy cô ở vùng cao Lào Cai vẫn bền bỉ bám lớp, bám bản, mang con chữ đến với học sinh dân tộc thiểu số.",
        author="Mai Anh",
        published="2026-11-20T19:30:00",
        tags=("Ngày Nhà giáo Việt Nam", "giáo viên vùng cao", "Lào Cai"),
        views=4500,
        body="""
Điểm trường Nậm Cang nằm cách trung tâm xã gần 18 km, phần lớn là đường đất dốc. Mùa mưa, đường trơn trượt, thầy giáo Vàng A Dơ phải cuốc bộ hơn hai giờ mới đến được lớp. Đã mười hai năm nay, thầy gắn bó với 26 học trò người Mông ở lớp ghép một và hai.

"Có hôm mưa lũ, suối dâng cao, tôi phải ở lại điểm trường mấy ngày liền. Nhưng nhìn các em đọc được những câu đầu tiên thì mọi vất vả đều quên hết", thầy Dơ chia sẻ.

[img diem-truong|photocms|Thầy giáo Vàng A Dơ trong giờ lên lớp tại điểm trường Nậm Cang. Ảnh: Mai Anh]

Không chỉ dạy chữ, các thầy cô còn vận động phụ huynh cho con đến lớp đều đặn, tự tay nấu bữa trưa cho học sinh bán trú và tranh thủ ngày nghỉ đến từng nhà để thuyết phục những em có nguy cơ bỏ học.

Cô giáo Lù Thị Sen, 27 tuổi, mới về điểm trường Sín Chải được hai năm. Ban đầu, cô chỉ biết vài câu tiếng Mông, nhiều buổi lên lớp phải nhờ học sinh lớn phiên dịch cho các em nhỏ. Giờ đây, cô đã có thể trò chuyện với phụ huynh bằng tiếng của đồng bào, và lớp học của cô trở thành nơi cả bản gửi gắm niềm tin.

"Em nghĩ dạy ở vùng cao không chỉ là dạy chữ, mà còn dạy các con nói tiếng Việt, giữ vệ sinh, biết chào hỏi. Nhiều em lần đầu đến lớp còn chưa biết cầm bút, nhưng cuối năm đã đọc thông viết thạo", cô Sen kể.

Theo Sở Giáo dục và Đào tạo tỉnh Lào Cai, toàn tỉnh hiện có hơn 700 điểm trường lẻ, phần lớn ở các xã vùng cao, biên giới. Tỷ lệ huy động trẻ em trong độ tuổi đến trường đạt trên 99%, tỷ lệ học sinh bỏ học giảm mạnh so với 5 năm trước.

[related tiem-chung|bcp]

Nhân Ngày Nhà giáo Việt Nam 20/11, tỉnh đã khen thưởng 120 giáo viên có thành tích xuất sắc trong công tác giảng dạy ở vùng đặc biệt khó khăn, đồng thời kiến nghị tiếp tục hoàn thiện chính sách nhà ở công vụ và phụ cấp cho giáo viên công tác tại các điểm trường lẻ.
""",
    ),
    ArticleText(
        key="tiem-chung",
        section="xa-hoi",
        slug="ha-noi-tiem-vaccine-soi-cho-hon-100-000-tre-em-truoc-mua-dong-xuan",
        id="102261123080045",
        title="Hà Nội tiêm vaccine sởi cho hơn 100.000 trẻ em trước mùa đông xuân",
        sapo="Sở Y tế Hà Nội triển khai chiến dịch tiêm bổ sung vaccine sởi - rubella cho trẻ từ 1 đến 10 tuổi chưa tiêm đủ mũi, nhằm chủ động phòng dịch khi thời tiết chuyển lạnh.",
        author="Ngọc Hà",
        published="2026-11-23T08:00:00",
        tags=("tiêm chủng", "bệnh sởi", "y tế Hà Nội"),
        views=3900,
        body="""
Chiến dịch được triển khai từ ngày 25/11 đến hết ngày 15/12 tại các trạm y tế phường, xã và điểm tiêm lưu động ở trường học. Trẻ được khám sàng lọc trước tiêm và theo dõi 30 phút sau tiêm theo quy định.

Theo Trung tâm Kiểm soát bệnh tật Hà Nội, từ đầu năm đến nay, thành phố ghi nhận 214 trường hợp mắc sởi, phần lớn ở trẻ chưa tiêm hoặc tiêm chưa đủ hai mũi vaccine. Bệnh sởi lây truyền nhanh qua đường hô hấp và có thể gây biến chứng viêm phổi, viêm não ở trẻ nhỏ.

Tại nhiều phường, cán bộ y tế đã rà soát danh sách trẻ trong độ tuổi từ sổ tiêm chủng điện tử, đối chiếu với dữ liệu dân cư để gửi giấy mời đến từng hộ gia đình. Với trẻ đang theo học tại trường, nhà trường phối hợp lập danh sách và thông báo lịch tiêm cho phụ huynh qua sổ liên lạc điện tử.

Chị Lê Thị Mai, phụ huynh ở phường Hoàng Mai, cho biết đã đưa con đi tiêm ngay trong buổi sáng đầu tiên. "Năm ngoái cháu bị ốm đúng đợt tiêm nên lỡ mũi hai. Nay được nhắn tin mời, tôi đưa cháu đi luôn cho yên tâm trước khi trời rét", chị Mai nói.

[img tiem-chung|datacaption|Trẻ em được tiêm vaccine sởi - rubella tại một trạm y tế phường. (Ảnh: Ngọc Hà)]

Bác sĩ Phạm Thu Trang, Trưởng khoa Kiểm soát bệnh truyền nhiễm, khuyến cáo phụ huynh kiểm tra sổ tiêm chủng của con, đưa trẻ đi tiêm đúng lịch và đến cơ sở y tế ngay khi trẻ có biểu hiện sốt, phát ban, ho, chảy nước mũi, viêm kết mạc.

Bài viết trước đó về [[khuyến cáo phòng bệnh mùa đông của Bộ Y tế|/xa-hoi/bo-y-te-khuyen-cao-phong-benh-mua-dong-102261101070000.htm]] đã được tòa soạn gỡ bỏ để cập nhật số liệu mới.

Ngoài tiêm chủng, ngành y tế đề nghị các trường học tăng cường vệ sinh lớp học, giữ ấm cho trẻ và hạn chế đưa trẻ đến nơi đông người khi có dịch. Các gia đình cho trẻ ăn uống đủ chất, uống đủ nước để tăng sức đề kháng.
""",
    ),
    ArticleText(
        key="ca-tru",
        section="xa-hoi",
        slug="ca-tru-hoi-sinh-trong-long-pho-co-ha-noi",
        id="102261118210018",
        title="Ca trù hồi sinh trong lòng phố cổ Hà Nội",
        sapo="Mỗi tối cuối tuần, tiếng phách, tiếng đàn đáy lại vang lên trong một ngôi nhà cổ trên phố Hàng Bạc, thu hút đông đảo khán giả trẻ và du khách quốc tế.",
        author="Khánh Linh",
        published="2026-11-18T21:00:00",
        tags=("ca trù", "di sản văn hóa", "phố cổ Hà Nội"),
        views=1500,
        byline_style="bottom",
        body="""
Câu lạc bộ ca trù được thành lập từ năm 2019 với nòng cốt là các nghệ nhân lớn tuổi và những học trò trẻ theo học nhiều năm. Mỗi buổi diễn kéo dài chừng một giờ, gồm các thể cách quen thuộc như hát nói, gửi thư, bắc phản.

Nghệ nhân Nguyễn Thị Hòa, năm nay đã ngoài 70 tuổi, vẫn đều đặn truyền nghề cho các học trò. "Ca trù khó ở chỗ phải nghe cho thấm, hát cho đúng lề lối. Học trò có khi mất ba năm mới hát được một bài hát nói cho ra hồn", bà kể.

[img ca-tru|figure|Nghệ nhân và học trò biểu diễn ca trù tại ngôi nhà cổ trên phố Hàng Bạc. Ảnh: Khánh Linh]

Điều khiến các nghệ nhân vui nhất là ngày càng có nhiều bạn trẻ tìm đến. Nhiều sinh viên đã trở thành khán giả quen thuộc, một số theo học kỹ thuật gõ phách, đánh đàn đáy. Các buổi diễn còn có phần giới thiệu bằng tiếng Anh, giúp du khách hiểu về lịch sử và giá trị của loại hình nghệ thuật này.

Nguyễn Minh Châu, sinh viên năm ba một trường đại học ở Hà Nội, đã theo học ca trù được gần hai năm. Châu kể lần đầu nghe ca trù trong một buổi biểu diễn ở phố cổ, em "không hiểu hết lời nhưng bị cuốn vào tiếng phách". Từ đó, mỗi tối thứ Năm, Châu lại đạp xe đến nhà nghệ nhân để học nhả chữ, giữ hơi.

Theo các nhà nghiên cứu, điểm khó của ca trù là sự kết hợp chặt chẽ giữa ca nương, kép đàn và người cầm chầu, đòi hỏi sự hiểu biết sâu về văn chương và âm luật. Việc truyền dạy vì thế không thể làm vội, mà cần những lớp học nhỏ, kiên trì theo lối "truyền khẩu, truyền ngón" như các thế hệ trước.

Ca trù được UNESCO ghi danh là Di sản văn hóa phi vật thể cần được bảo vệ khẩn cấp từ năm 2009. Sau hơn mười lăm năm, nhờ sự nỗ lực của các địa phương, nghệ nhân và cộng đồng, di sản đã có thêm nhiều câu lạc bộ, lớp truyền dạy và thế hệ kế cận.

Ban quản lý phố cổ cho biết sẽ đưa chương trình ca trù vào chuỗi hoạt động văn hóa thường kỳ của khu phố cổ, kết hợp giới thiệu nghề thủ công truyền thống, tạo thêm sản phẩm du lịch đêm hấp dẫn cho Thủ đô.
""",
    ),
]
