"""Generated Japanese paper forms (住所異動届) for the demo job, rendered with a Japanese font.

Deterministic for a seed, so the demo and the tests see the same records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from koma.jp.wareki import to_wareki

FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
]

FAMILY = [
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("渡辺", "ワタナベ"),
    ("伊藤", "イトウ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("斎藤", "サイトウ"),
    ("菅野", "カンノ"),
]
GIVEN = [
    ("花子", "ハナコ"),
    ("太郎", "タロウ"),
    ("陽菜", "ヒナ"),
    ("蓮", "レン"),
    ("結衣", "ユイ"),
    ("大翔", "ヒロト"),
    ("美咲", "ミサキ"),
    ("翔太", "ショウタ"),
    ("さくら", "サクラ"),
    ("健一", "ケンイチ"),
    ("由美", "ユミ"),
    ("誠", "マコト"),
]
TOWNS = [
    ("963-8601", "福島県郡山市朝日一丁目"),
    ("963-8002", "福島県郡山市駅前二丁目"),
    ("963-8005", "福島県郡山市清水台"),
    ("963-0201", "福島県郡山市大槻町"),
    ("963-8034", "福島県郡山市島"),
    ("963-8022", "福島県郡山市西ノ内"),
]
KINDS = ["転入", "転出", "転居"]

SCHEMA = [
    {"name": "name", "label": "氏名", "kind": "text", "required": True, "max_length": 40},
    {"name": "kana", "label": "フリガナ", "kind": "kana", "required": True, "max_length": 60},
    {"name": "birth_date", "label": "生年月日", "kind": "date", "required": True},
    {"name": "postal_code", "label": "郵便番号", "kind": "postal", "required": True},
    {"name": "address", "label": "住所", "kind": "text", "required": True, "max_length": 120},
    {"name": "kind", "label": "届出区分", "kind": "choice", "required": True, "choices": KINDS},
]


@dataclass(frozen=True)
class FormRecord:
    ref: str
    name: str
    kana: str
    birth_date: date
    postal_code: str
    address: str
    kind: str


def make_records(count: int, *, seed: int = 72036) -> list[FormRecord]:
    rng = random.Random(seed)
    records = []
    for i in range(count):
        family, given = rng.choice(FAMILY), rng.choice(GIVEN)
        postal, town = rng.choice(TOWNS)
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 70))
        records.append(
            FormRecord(
                ref=f"K{i + 1:05d}",
                name=f"{family[0]}　{given[0]}",
                kana=f"{family[1]}　{given[1]}",
                birth_date=birth,
                postal_code=postal,
                address=f"{town}{rng.randint(1, 30)}番{rng.randint(1, 20)}号",
                kind=rng.choice(KINDS),
            )
        )
    return records


@cache
def japanese_font_path() -> str:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    raise RuntimeError(
        "No Japanese font found: install Debian's fonts-noto-cjk (make run does this)"
    )


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(japanese_font_path(), size)


def render_form(record: FormRecord, path: Path) -> None:
    """Draw one 住所異動届 as a PNG: a title, a ruled table and the handwritten-style values."""
    title_font, label_font, value_font = _font(30), _font(20), _font(26)
    image = Image.new("RGB", (900, 430), "white")
    draw = ImageDraw.Draw(image)
    draw.text((30, 18), "住所異動届", font=title_font, fill="black")
    draw.text((640, 28), f"整理番号 {record.ref}", font=label_font, fill="#444")
    rows = [
        ("届出区分", record.kind),
        ("氏名", record.name),
        ("フリガナ", record.kana),
        ("生年月日", to_wareki(record.birth_date)),
        ("郵便番号", f"〒{record.postal_code}"),
        ("住所", record.address),
    ]
    top = 70
    for label, value in rows:
        draw.rectangle((30, top, 870, top + 56), outline="#333", width=2)
        draw.rectangle((30, top, 190, top + 56), fill="#eef2f7", outline="#333", width=2)
        draw.text((44, top + 15), label, font=label_font, fill="#222")
        draw.text((210, top + 11), value, font=value_font, fill="#1a237e")
        top += 56
    path.parent.mkdir(parents=True, exist_ok=True)
    # Fast compression: the default level spends most of the demo seed in zlib for files
    # only a little smaller.
    image.save(path, "PNG", compress_level=1)
