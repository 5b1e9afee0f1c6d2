"""Photo benchmark: newsgen's photo variants against Hugo's image processing, same run.

    python bench/photos.py [--photos 1000] [--workdir /dev/shm/ngp] [--json F]

No free set of real-size photos is at hand offline, so the photos are made here: 12-megapixel
(4000×3000) JPEGs at quality 88, drawn landscapes (tests/photofiles.py's `scene`, a few bases,
each photo with its own mark so that no two files are alike), with an IPTC caption. Each
article is a TTXVN-layout story with one photo caption; the photo is named after it.

The same work on both sides, AVIF aside (Hugo 0.111 has no AVIF encoder):
- newsgen: the photo at 480, 800, 1200, 1600 px in AVIF, WebP and JPEG; a 3x2 thumbnail at
  240 and 480 px in the three formats; 16x9, 4x3 and 1x1 JPEG crops at 1200 px (21 files);
- Hugo: `.Resize` to 480, 800, 1200, 1600 px in WebP and JPEG; `.Fill` 240x160 and 480x320
  in WebP and JPEG; `.Fill` 1200x675, 1200x900, 1200x1200 JPEG (15 files), Lanczos.
Both with `search: false`/no search index, both writing to the same kind of folder.

Prints first build, no-op rebuild and one-new-photo build for both, peak memory (PSS), files."""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from run import _hugo_binary, count_files, measure  # noqa: E402

SIZE = (4000, 3000)
BASES = 6

STORY = """Thời sự

Bản tin ảnh số {n} về đời sống đô thị

Sapo của bản tin ảnh số {n}, viết cho phép đo tốc độ xử lý ảnh.

Hà Nội (TTXVN) - Ngày {day}/11/2026, phóng viên ghi lại nhịp sống của thành phố qua ống kính.

Khung cảnh đô thị buổi sáng, ảnh số {n}. (Ảnh: Phóng viên ảnh - TTXVN)

Các khu phố dần sáng đèn khi trời chuyển tối, người dân trở về nhà sau một ngày làm việc./.
"""

HUGO_SINGLE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
<h1>{{ .Title }}</h1>
{{ with .Resources.GetMatch "*.jpg" }}{{ $img := . }}
{{ range slice 480 800 1200 1600 }}{{ if le . $img.Width }}
{{ $w := $img.Resize (printf "%dx webp q75 Lanczos" .) }}<img src="{{ $w.RelPermalink }}" width="{{ $w.Width }}" alt="">
{{ $j := $img.Resize (printf "%dx jpg q80 Lanczos" .) }}<img src="{{ $j.RelPermalink }}" width="{{ $j.Width }}" alt="">
{{ end }}{{ end }}
{{ range slice "240x160" "480x320" }}
{{ $t := $img.Fill (printf "%s webp q75 Center Lanczos" .) }}<img src="{{ $t.RelPermalink }}" alt="">
{{ $u := $img.Fill (printf "%s jpg q80 Center Lanczos" .) }}<img src="{{ $u.RelPermalink }}" alt="">
{{ end }}
{{ range slice "1200x675" "1200x900" "1200x1200" }}
{{ $c := $img.Fill (printf "%s jpg q80 Center Lanczos" .) }}<link rel="image_src" href="{{ $c.RelPermalink }}">
{{ end }}
{{ end }}
{{ .Content }}
</body></html>
"""


def _make_photo(task: tuple[int, Path, Path]) -> None:
    from PIL import Image, ImageDraw

    from photofiles import _iptc_segment

    n, base, target = task
    im = Image.open(base).convert("RGB")
    draw = ImageDraw.Draw(im)
    rnd = random.Random(n)
    for _ in range(6):  # its own marks: no two photos alike
        x, y = rnd.randrange(SIZE[0] - 300), rnd.randrange(SIZE[1] - 300)
        box = [x, y, x + rnd.randint(60, 300), y + rnd.randint(60, 300)]
        draw.rectangle(box, fill=tuple(rnd.choices(range(256), k=3)))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=88)
    data = buf.getvalue()
    caption = f"Khung cảnh đô thị buổi sáng, ảnh số {n}."
    target.write_bytes(data[:2] + _iptc_segment({120: caption, 80: "Phóng viên ảnh", 110: "TTXVN"}) + data[2:])


def make_photos(folder: Path, count: int) -> list[Path]:
    """`count` 12 MP photos in `folder`, made once (kept for later runs)."""
    from photofiles import scene

    folder.mkdir(parents=True, exist_ok=True)
    bases = []
    for b in range(BASES):
        path = folder / f"base-{b}.png"
        if not path.exists():
            scene(SIZE, seed=100 + b).save(path)
        bases.append(path)
    tasks = [(n, bases[n % BASES], folder / f"anh-{n:05d}.jpg") for n in range(count)]
    todo = [t for t in tasks if not t[2].exists()]
    with ProcessPoolExecutor() as pool:
        list(pool.map(_make_photo, todo, chunksize=8))
    return [t[2] for t in tasks]


def newsgen_site(root: Path, photos: list[Path]) -> Path:
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    content.mkdir(parents=True)
    config = "title: Bench ảnh\nbase_url: https://example.org/\nsearch: false\n"
    (root / "newsgen.yaml").write_text(config, encoding="utf-8")
    for n, photo in enumerate(photos):
        (content / f"bai-{n:05d}.txt").write_text(STORY.format(n=n, day=1 + n % 28), encoding="utf-8")
        os.link(photo, content / f"bai-{n:05d}.jpg")  # a hard link: a regular file of the site
    return root


def hugo_site(root: Path, photos: list[Path]) -> Path:
    if root.exists():
        shutil.rmtree(root)
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    bare = "<!DOCTYPE html><title>{{ .Title }}</title>"
    (root / "layouts" / "_default" / "list.html").write_text(bare, encoding="utf-8")
    (root / "layouts" / "index.html").write_text(bare, encoding="utf-8")
    (root / "config.toml").write_text(
        'baseURL = "https://example.org/"\nlanguageCode = "vi"\ntitle = "Bench"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
        '[imaging]\nresampleFilter = "Lanczos"\nquality = 80\n',
        encoding="utf-8",
    )
    for n, photo in enumerate(photos):
        bundle = root / "content" / "posts" / f"bai-{n:05d}"
        bundle.mkdir(parents=True)
        body = STORY.format(n=n, day=1 + n % 28).split("\n\n", 2)[2]
        front = f'---\ntitle: "Bản tin ảnh số {n}"\ndate: 2026-11-{1 + n % 28:02d}\n---\n'
        (bundle / "index.md").write_text(front + body)
        os.link(photo, bundle / "anh.jpg")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=Path("/dev/shm/newsgen-photo-bench"))
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--hugo-photos", type=int, help="give Hugo only this many of the photos (it takes ~8 s a photo here)"
    )
    args = parser.parse_args()
    work = args.workdir
    photos = make_photos(work / "photos", args.photos + 1)
    extra = photos[-1]
    photos = photos[:-1]
    results: dict[str, dict] = {}

    site = newsgen_site(work / "newsgen", photos)
    cmd = [sys.executable, "-m", "newsgen", "build", "--site", str(site), "--output", str(site / "public")]
    cold = measure(cmd, site)
    noop = measure(cmd, site)
    n = len(photos)
    (site / "content" / f"bai-{n:05d}.txt").write_text(STORY.format(n=n, day=3), encoding="utf-8")
    os.link(extra, site / "content" / f"bai-{n:05d}.jpg")
    one = measure(cmd, site)
    results["newsgen"] = {
        "cold": cold.__dict__, "noop": noop.__dict__, "one_new_photo": one.__dict__,
        "files": count_files(site / "public"), "photo_files": count_files(site / "public" / "anh"),
    }  # fmt: skip

    hugo = _hugo_binary()
    if hugo:
        hugo_n = min(args.hugo_photos or n, n)
        hsite = hugo_site(work / "hugo", photos[:hugo_n])
        hcmd = [hugo, "--source", str(hsite), "--destination", str(hsite / "public"), "--quiet"]
        hcold = measure(hcmd, hsite)
        hnoop = measure(hcmd, hsite)
        bundle = hsite / "content" / "posts" / f"bai-{hugo_n:05d}"
        bundle.mkdir(parents=True)
        (bundle / "index.md").write_text(
            f'---\ntitle: "Bản tin ảnh số {hugo_n}"\ndate: 2026-11-03\n---\nMột ảnh mới.\n'
        )
        os.link(extra, bundle / "anh.jpg")
        hone = measure(hcmd, hsite)
        gen = hsite / "resources" / "_gen" / "images"
        results["hugo"] = {
            "cold": hcold.__dict__, "noop": hnoop.__dict__, "one_new_photo": hone.__dict__,
            "files": count_files(hsite / "public"), "photo_files": count_files(gen), "photos": hugo_n,
        }  # fmt: skip

    hugo_r = results.get("hugo")
    hugo_n = hugo_r["photos"] if hugo_r else 0
    print(f"## Photos: {n} photos of 12 MP for newsgen, {hugo_n} for Hugo (generated; see bench/photos.py)\n")
    print("| | newsgen | Hugo | newsgen / Hugo |")
    print("|---|---|---|---|")

    def row(label: str, a: float, b: float | None, digits: int = 2) -> None:
        print(
            f"| {label} | {a:.{digits}f} | {b:.{digits}f} | {a / b:.2f} |"
            if b
            else f"| {label} | {a:.{digits}f} | — | — |"
        )

    cold_a = results["newsgen"]["cold"]["seconds"]
    cold_b = hugo_r["cold"]["seconds"] if hugo_r else None
    row("first build (s)", cold_a, cold_b)
    row("first build, seconds a photo", cold_a / n, cold_b / hugo_n if cold_b else None, 3)
    for key, label in (("noop", "no-op rebuild (s)"), ("one_new_photo", "one new photo (s)")):
        row(label, results["newsgen"][key]["seconds"], hugo_r[key]["seconds"] if hugo_r else None)
    if cold_b:
        noop = results["newsgen"]["noop"]["seconds"]
        print(f"| no-op / Hugo's first build, a photo for a photo | | | {noop / (cold_b / hugo_n * n):.4f} |")
    row(
        "peak memory, PSS (MB)",
        results["newsgen"]["cold"]["peak_rss_mb"],
        hugo_r["cold"]["peak_rss_mb"] if hugo_r else None,
        0,
    )
    made = hugo_r["photo_files"] if hugo_r else "—"
    print(f"| photo files made | {results['newsgen']['photo_files']} | {made} | |")
    for tool, r in results.items():
        for key in ("cold", "noop", "one_new_photo"):
            if not r[key]["ok"]:
                print(f"\n{tool} {key} FAILED: {r[key]['note']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
