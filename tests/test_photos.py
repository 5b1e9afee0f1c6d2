"""Photos beside articles: which are whose, their captions, their published variants."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from PIL import Image

import photofiles
from newsgen.build import BuildOptions, build

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

STORY = """Thời sự

{headline}

Sapo của bài viết về {headline_lower}, viết cho phép thử.

Hà Nội (TTXVN) - Ngày 20/11/2026, các lực lượng chức năng đã triển khai phương án ứng phó.

Người dân gia cố nhà cửa trước khi bão vào. (Ảnh: Văn Điệp - TTXVN)

Lực lượng cứu hộ đã có mặt ở các điểm xung yếu từ sớm.

Nước biển dâng cao tại bờ kè phía đông. (Ảnh: Minh Quyết - TTXVN)

Chính quyền đã sơ tán hàng nghìn hộ dân./.
"""


def story(path: Path, headline: str = "Bão đổ bộ vào miền Trung", front_matter: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front_matter + STORY.format(headline=headline, headline_lower=headline.lower()), encoding="utf-8")
    return path


def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "newsgen.yaml").write_text("title: Báo Ảnh\nbase_url: https://example.org/\n", encoding="utf-8")
    return root


def run(root: Path, **options):
    return build(BuildOptions(site=root, output=root / "public", now=NOW, **options))


def show(path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "newsgen", "show", "--json", str(path)], capture_output=True, check=True, cwd=path.parent
    )
    return json.loads(out.stdout)


def figures(record: dict) -> list[dict]:
    return [b for b in record["blocks"] if b["type"] == "figure"]


def article_page(root: Path) -> BeautifulSoup:
    pages = [p for p in (root / "public").rglob("index.html") if 'property="article:section"' in p.read_text()]
    assert len(pages) == 1
    return BeautifulSoup(pages[0].read_text(), "html.parser")


# ---------------------------------------------------------------- which photos are whose


def test_photos_named_after_the_article_in_number_order(tmp_path):
    root = site(tmp_path)
    c = root / "content"
    story(c / "bao.txt")
    story(c / "bao-2.txt", headline="Một bài khác hẳn về chủ đề khác")
    photofiles.jpeg(c / "bao-10.jpg", colour=(10, 20, 30))
    photofiles.jpeg(c / "bao.jpg", colour=(200, 20, 30))
    photofiles.jpeg(c / "bao-3.jpg", colour=(20, 200, 30))
    photofiles.jpeg(c / "bao-2.jpg", colour=(20, 20, 200))  # an article bao-2 exists: its photo
    record = show(c / "bao.txt")
    assert [f["photo"]["file"] for f in figures(record)] == ["bao.jpg", "bao-3.jpg", "bao-10.jpg"]
    # two captions, three photos: the third is a figure of its own, at the end
    assert figures(record)[2]["caption"] == ""
    other = show(c / "bao-2.txt")
    assert [f.get("photo", {}).get("file") for f in figures(other)] == ["bao-2.jpg", None]
    result = run(root)
    assert not [d for d in result.warnings if "no article claims" in d.message]


def test_a_bundle_folder_is_not_a_rubric(tmp_path):
    root = site(tmp_path)
    folder = root / "content" / "2026" / "11" / "bao-so-5"
    text = story(folder / "bai.txt").read_text(encoding="utf-8").replace("Thời sự\n\n", "", 1)
    (folder / "bai.txt").write_text(text, encoding="utf-8")
    photofiles.jpeg(folder / "anh-hien-truong.jpg")
    photofiles.jpeg(folder / "z-cuoi.jpg", size=(600, 400))
    record = show(folder / "bai.txt")
    assert [f["photo"]["file"] for f in figures(record)] == [
        "2026/11/bao-so-5/anh-hien-truong.jpg",
        "2026/11/bao-so-5/z-cuoi.jpg",
    ]
    assert record["section"] != "Bao so 5"
    run(root)
    assert not (root / "public" / "bao-so-5").exists()


def test_unclaimed_photo_is_a_warning_and_not_published(tmp_path):
    root = site(tmp_path)
    c = root / "content"
    story(c / "bao.txt")
    story(c / "khac.txt", headline="Một bài khác hẳn về chủ đề khác")
    photofiles.jpeg(c / "lac-loai.jpg")
    result = run(root)
    assert [d.path.name for d in result.warnings if "no article claims" in d.message] == ["lac-loai.jpg"]
    assert not list((root / "public").rglob("lac-loai*"))


def test_images_in_front_matter(tmp_path):
    root = site(tmp_path)
    c = root / "content"
    photofiles.jpeg(c / "kho-anh" / "hien-truong.jpg", caption="Chú thích nhúng trong ảnh")
    fm = (
        "---\nimages:\n"
        "  - {file: ../kho-anh/hien-truong.jpg, caption: Người dân gia cố nhà cửa trước khi bão vào,"
        " credit: Văn Điệp, alt: Mái nhà được chằng chống bằng dây, focal: [0.3, 0.6]}\n"
        "  - khong-co.jpg\n"
        "  - ../../../etc/passwd.jpg\n"
        "---\n"
    )
    story(c / "bai" / "bao.txt", front_matter=fm)
    record = show(c / "bai" / "bao.txt")
    photo = figures(record)[0]["photo"]
    assert photo["file"] == "kho-anh/hien-truong.jpg"
    assert photo["alt"] == "Mái nhà được chằng chống bằng dây" and photo["focal"] == [0.3, 0.6]
    messages = [w["message"] for w in record["warnings"]]
    assert any("'khong-co.jpg': the file does not exist" in m for m in messages)
    assert any("passwd.jpg" in m and ("outside the content folder" in m or "does not exist" in m) for m in messages)
    result = run(root)
    assert not [d for d in result.warnings if "no article claims" in d.message]  # listed: claimed
    img = article_page(root).find("img")
    assert img["alt"] == "Mái nhà được chằng chống bằng dây"


def test_a_symlink_out_of_the_site_is_never_read(tmp_path):
    root = site(tmp_path)
    c = root / "content"
    outside = photofiles.jpeg(tmp_path / "ngoai" / "bi-mat.jpg")
    story(c / "bao.txt", front_matter="---\nimages: [bao-ngoai.jpg]\n---\n")
    os.symlink(outside, c / "bao-ngoai.jpg")
    os.symlink(outside, c / "bao.jpg")
    result = run(root)
    assert not list((root / "public").rglob("*.avif"))
    messages = " ".join(d.message for d in result.diagnostics)
    assert "outside the content folder" in messages


# ---------------------------------------------------------------- pairing


def test_embedded_captions_pair_photos_out_of_order(tmp_path):
    root = site(tmp_path)
    c = root / "content"
    story(c / "bao.txt")
    # the file named first carries the second caption (IPTC, as the agency's photo service writes it)
    photofiles.jpeg(c / "bao.jpg", caption="Nước biển dâng cao tại bờ kè phía đông.", byline="Minh Quyết")
    photofiles.jpeg(c / "bao-2.jpg", xmp_caption="Người dân gia cố nhà cửa trước khi bão vào")
    photofiles.jpeg(c / "bao-3.jpg", caption="Đoàn xe cứu trợ lên đường ra vùng lũ", byline="Thanh Hà")
    record = show(c / "bao.txt")
    got = [(f["caption"], f["photo"]["file"] if f.get("photo") else None, f["credit"]) for f in figures(record)]
    assert got == [
        ("Người dân gia cố nhà cửa trước khi bão vào.", "bao-2.jpg", "Văn Điệp - TTXVN"),
        ("Nước biển dâng cao tại bờ kè phía đông.", "bao.jpg", "Minh Quyết - TTXVN"),
        ("Đoàn xe cứu trợ lên đường ra vùng lũ", "bao-3.jpg", "Thanh Hà"),
    ]
    assert any("bao-3.jpg: no caption of the text names it" in w["message"] for w in record["warnings"])


def test_a_caption_without_a_photo_stays_a_caption(tmp_path):
    root = site(tmp_path)
    c = root / "content"
    story(c / "bao.txt")
    photofiles.jpeg(c / "bao.jpg")
    record = show(c / "bao.txt")
    assert [bool(f.get("photo")) for f in figures(record)] == [True, False]
    assert any("caption with no photo file" in w["message"] for w in record["warnings"])
    run(root)
    page = article_page(root)
    assert len(page.find_all("picture")) == 1
    assert len(page.select("figure.photo-caption-only")) == 1


def test_an_article_with_no_caption_gets_its_photo_as_lead(tmp_path):
    root = site(tmp_path)
    c = root / "content"
    text = "Thời sự\n\nTin ngắn không có chú thích ảnh\n\nSapo ngắn.\n\nHà Nội (TTXVN) - Nội dung tin./.\n"
    (c / "tin.txt").write_text(text, encoding="utf-8")
    photofiles.jpeg(c / "tin.jpg", caption="Toàn cảnh buổi lễ", byline="Ngọc Hà")
    record = show(c / "tin.txt")
    assert record["blocks"][0]["type"] == "figure" and record["blocks"][0]["caption"] == "Toàn cảnh buổi lễ"


# ---------------------------------------------------------------- published variants


def test_variants_picture_markup_and_no_private_metadata(tmp_path):
    root = site(tmp_path)
    c = root / "content"
    story(c / "bao.txt")
    photofiles.jpeg(c / "bao.jpg", size=(2000, 1500), gps=True, caption="Nước biển dâng cao tại bờ kè phía đông.")
    photofiles.jpeg(c / "bao-2.jpg", size=(600, 800), orientation=6)  # stored turned: shown 800×600
    result = run(root)
    assert result.photos == 2 and result.photos_encoded == 2
    page = article_page(root)
    pictures = page.find_all("picture")
    assert len(pictures) == 2
    first, second = (p.find("img") for p in pictures)
    # by embedded caption the 2000-px photo is the second figure; the first figure gets bao-2.jpg
    assert (first["width"], first["height"]) == ("800", "600")
    assert first["loading"] == "eager" and first["fetchpriority"] == "high"
    assert second["loading"] == "lazy" and (second["width"], second["height"]) == ("1600", "1200")
    sources = pictures[1].find_all("source")
    assert [s["type"] for s in sources] == ["image/avif", "image/webp"]
    widths = [int(part.split()[-1][:-1]) for part in sources[0]["srcset"].split(", ")]
    assert widths == [480, 800, 1200, 1600]
    first_widths = [int(part.split()[-1][:-1]) for part in pictures[0].find("img")["srcset"].split(", ")]
    assert first_widths == [480, 800]  # never upscaled
    out = root / "public"
    for p in pictures:
        for url in [p.find("img")["src"], *(s["srcset"].split(", ")[-1].split()[0] for s in p.find_all("source"))]:
            with Image.open(out / url.lstrip("/")) as im:
                im.load()
                assert not im.getexif(), url  # no GPS, no camera, nothing
                assert "xmp" not in im.info and "photoshop" not in im.info
    og = page.find("meta", property="og:image")["content"]
    assert og.endswith("-800.jpg")  # the lead photo's largest (its own width: 800)
    ld = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    crops = next(d for d in ld if d["@type"] == "NewsArticle")["image"]
    assert [c.rsplit("-", 2)[-2] for c in crops] == ["16x9", "4x3", "1x1"]
    for url, shape in zip(crops, ((16, 9), (4, 3), (1, 1)), strict=True):
        with Image.open(out / url.removeprefix("https://example.org/")) as im:
            assert abs(im.width / im.height - shape[0] / shape[1]) < 0.01
    assert page.find("meta", attrs={"name": "robots"})["content"] == "max-image-preview:large"


def test_odd_pictures_are_converted(tmp_path):
    root = site(tmp_path)
    c = root / "content"
    story(c / "bao.txt")
    photofiles.jpeg(c / "bao.jpg", size=(900, 600), mode="CMYK")
    photofiles.png(c / "bao-2.png", mode="RGBA")
    photofiles.png(c / "bao-3.png", mode="I;16")
    photofiles.animated_gif(c / "bao-4.gif")
    result = run(root)
    assert result.photos == 4, [d.message for d in result.diagnostics]
    out = root / "public"
    for jpg in out.rglob("*.jpg"):
        with Image.open(jpg) as im:
            assert im.mode == "RGB"
    transparent = [w for w in out.rglob("bao-2-*.webp")]
    with Image.open(transparent[0]) as im:
        assert im.mode == "RGBA"  # WebP keeps the alpha; the JPEG fallback is on white


def test_rebuilds_encode_nothing_and_restore_from_the_cache(tmp_path):
    root = site(tmp_path)
    c = root / "content"
    story(c / "bao.txt")
    photofiles.jpeg(c / "bao.jpg", size=(1300, 900))
    first = run(root)
    assert first.photos_encoded == 1
    files = sorted(p.relative_to(root / "public").as_posix() for p in (root / "public" / "anh").rglob("*.*"))
    # 480, 800, 1200 and its own 1300 in AVIF, WebP, JPEG; two 3x2 thumbnails in the three
    # formats; the 16x9, 4x3 and 1x1 crops in JPEG
    assert len(files) == 4 * 3 + 2 * 3 + 3
    again = run(root)
    assert again.up_to_date or (again.photos_encoded == 0 and again.written == 0)
    # a text edit of the story: still nothing encoded
    (c / "bao.txt").write_text(
        (c / "bao.txt").read_text(encoding="utf-8") + "\nThêm một đoạn văn mới.\n", encoding="utf-8"
    )
    edited = run(root)
    assert edited.photos_encoded == 0
    # the output deleted: the variants come back from the cache, not from the encoder
    import shutil

    shutil.rmtree(root / "public")
    restored = run(root)
    assert restored.photos_encoded == 0
    assert sorted(p.relative_to(root / "public").as_posix() for p in (root / "public" / "anh").rglob("*.*")) == files
    # a damaged cached variant is made again
    cached = sorted((root / ".newsgen-cache" / "photos").iterdir())
    cached[0].write_bytes(b"not a picture")
    shutil.rmtree(root / "public")
    assert run(root).photos_encoded == 1
    # a changed photo: new variants, the old ones removed, the page made again
    photofiles.jpeg(c / "bao.jpg", size=(700, 500), colour=(1, 2, 3))
    changed = run(root)
    assert changed.photos_encoded == 1
    now = sorted(p.relative_to(root / "public").as_posix() for p in (root / "public" / "anh").rglob("*.*"))
    assert len(now) == 2 * 3 + 2 * 3 + 3 and not set(now) & set(files)
    cached_now = sorted(p.name for p in (root / ".newsgen-cache" / "photos").iterdir())
    assert cached_now == sorted(r.replace("/", "_") for r in now)  # the old variants left the cache
    assert "-700.jpg" in str(article_page(root).find("img")["srcset"])


@pytest.mark.parametrize(
    "name, make, reason",
    [
        ("bao.jpg", lambda p: p.write_bytes(b""), "the file is empty"),
        ("bao.jpg", lambda p: p.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg"), "damaged"),
        ("bao.gif", lambda p: p.write_bytes(b"GIF89a" + b"\x00" * 20), "not a picture"),
        ("bao.png", lambda p: photofiles.png_claiming(p, 30000, 30000), "pixels"),
        ("bao.png", lambda p: photofiles.png_claiming(p, 12000, 9000), "pixels"),
        ("bao.jpg", lambda p: p.write_bytes(photofiles.jpeg(p, (800, 600)).read_bytes()[:900]), "cannot be decoded"),
    ],
)
def test_bad_pictures_are_warnings_and_the_caption_stays(tmp_path, name, make, reason):
    root = site(tmp_path)
    c = root / "content"
    story(c / "bao.txt")
    make(c / name)
    result = run(root)
    problems = [d for d in result.warnings if name in str(d.path) + d.message]
    assert problems and reason in problems[0].message, [d.message for d in result.warnings]
    page = article_page(root)
    assert not page.find("picture")
    assert len(page.select("figure.photo-caption-only")) == 2


def test_lists_show_thumbnails_and_the_feed_an_enclosure(tmp_path):
    root = site(tmp_path)
    c = root / "content"
    story(c / "bao.txt", front_matter="---\nimages:\n  - {file: bao.jpg, focal: [0.9, 0.5]}\n---\n")
    photofiles.jpeg(c / "bao.jpg", size=(1600, 800))
    story(c / "khac.txt", headline="Một bài khác hẳn không có ảnh nào")
    run(root)
    out = root / "public"
    home = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    lead = home.select_one(".lead-story picture img")
    assert lead is not None and lead["loading"] == "eager"
    section = BeautifulSoup((out / "thoi-su" / "index.html").read_text(), "html.parser")
    teasers = section.select(".teaser")
    with_photo = [t for t in teasers if t.select_one("picture.thumb")]
    assert len(with_photo) == 1 and "with-photo" in with_photo[0]["class"]
    thumb = with_photo[0].select_one("picture.thumb img")
    assert thumb["alt"] == "" and thumb["loading"] == "lazy"
    assert (int(thumb["width"]), int(thumb["height"])) == (480, 320)
    # cut around the focal point: the right-hand side of a 1600×800 picture (its x from 400)
    from newsgen.output.photos import crop_box

    assert crop_box(1600, 800, "3x2", (0.9, 0.5)) == (400, 0, 1600, 800)
    assert crop_box(1600, 800, "3x2", None) == (200, 0, 1400, 800)
    feed = (out / "feed.xml").read_text()
    assert feed.count('rel="enclosure" type="image/jpeg"') == 1


def test_a_rubric_folder_with_one_article_is_not_a_bundle(tmp_path):
    root = site(tmp_path)
    folder = root / "content" / "the-thao"
    text = story(folder / "bai.txt").read_text(encoding="utf-8").replace("Thời sự\n\n", "", 1)
    (folder / "bai.txt").write_text(text, encoding="utf-8")
    photofiles.jpeg(folder / "anh-khac.jpg")
    record = show(folder / "bai.txt")
    assert record["section"] == "Thể thao" and not [f for f in figures(record) if f.get("photo")]
    result = run(root)
    assert [d.path.name for d in result.warnings if "no article claims" in d.message] == ["anh-khac.jpg"]


def test_a_text_edit_keeps_a_failed_photo_out(tmp_path):
    root = site(tmp_path)
    c = root / "content"
    story(c / "bao.txt")
    photofiles.jpeg(c / "bao.jpg", (800, 600))
    (c / "bao.jpg").write_bytes((c / "bao.jpg").read_bytes()[:900])  # its header reads, its pixels do not
    first = run(root)
    assert any("cannot be decoded" in d.message for d in first.warnings)
    (c / "bao.txt").write_text((c / "bao.txt").read_text(encoding="utf-8") + "\nThêm một đoạn.\n", encoding="utf-8")
    edited = run(root)
    assert edited.text_edit
    assert not article_page(root).find("picture")


def test_a_colour_profile_other_than_srgb_is_applied(tmp_path):
    root = site(tmp_path)
    c = root / "content"
    story(c / "bao.txt")
    # a reddish picture with greenish stripes, stored in a profile whose red is sRGB's green: on
    # screen, and once published, the picture is greenish with reddish stripes (blue unchanged)
    icc = photofiles.swapped_rgb_profile()
    photofiles.jpeg(c / "bao.jpg", size=(960, 640), colour=(200, 0, 40), icc=icc)
    result = run(root)
    assert result.photos == 1, [d.message for d in result.diagnostics]
    published = sorted((root / "public").rglob("bao-*.jpg")) + sorted((root / "public").rglob("bao-*.webp"))
    assert len(published) > 5
    for path in published:
        with Image.open(path) as im:
            row = [im.convert("RGB").getpixel((x, im.height // 2)) for x in range(im.width)]
            base = [p for p in row if p[2] > 20]  # the picture's own colour, not its stripes
            assert len(base) > im.width // 4, path.name
            assert sum(g > r for r, g, _ in base) > 0.9 * len(base), (path.name, base[:3])
            assert b"Swapped" not in (im.info.get("icc_profile") or b"")
