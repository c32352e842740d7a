"""English pages read names' syllables from registry/data/pinyin_readings.txt
instead of pypinyin's dictionaries (55 MB a process): the file is pypinyin's
as installed, and the syllables are pypinyin's, text for text."""

import importlib.util
import random
import subprocess
import sys

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

from registry import pinyin

MAKER = pinyin.READINGS.parent / "make_pinyin_readings.py"


def pypinyin_syllables(text):
    return lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors=lambda chars: [chars])


def test_the_readings_are_the_installed_pypinyin_s():
    spec = importlib.util.spec_from_file_location("make_pinyin_readings", MAKER)
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    written = pinyin.READINGS.read_text(encoding="utf-8").splitlines()
    assert written == maker.lines(), "run registry/data/make_pinyin_readings.py"


def test_every_phrase_and_character_reads_as_with_pypinyin():
    for text in [*PHRASES_DICT, *map(chr, PINYIN_DICT)]:
        assert pinyin.syllables(text) == pypinyin_syllables(text), text


def test_mixed_texts_read_as_with_pypinyin():
    """Phrases, pieces of phrases, characters and other text one after the
    other, cut into words as pypinyin cuts them."""
    rng = random.Random(17)
    phrases = sorted(PHRASES_DICT)
    pieces = [*phrases, *map(chr, sorted(PINYIN_DICT))]
    pieces += ["abc", " ", "(", "）", "12", "Ａ", "·", "\n", "ü", "〇", "𠀀"]
    for _ in range(20_000):
        parts = []
        for _ in range(rng.randint(1, 6)):
            piece = rng.choice(pieces)
            if len(piece) > 1 and rng.random() < 0.5:
                start = rng.randrange(len(piece))
                piece = piece[start : rng.randint(start + 1, len(piece))]
            parts.append(piece)
        text = "".join(parts)
        assert pinyin.syllables(text) == pypinyin_syllables(text), text
    assert pinyin.syllables("") == pypinyin_syllables("") == [""]
    assert pinyin.syllables("北京星河科技有限公司(1)") == [
        *"bei jing xing he ke ji you xian gong si".split(),
        "(1)",
    ]
    assert pinyin.syllables("吕") == ["lü"]


def test_romanising_names_does_not_import_pypinyin():
    """A web worker showing English pages never loads pypinyin's dictionaries."""
    code = (
        "import sys\n"
        "from registry import romanise\n"
        "name = romanise.company_name('北京星河科技有限公司')\n"
        "assert name == 'Beijing Xinghe Keji Youxian Gongsi', name\n"
        "assert romanise.person_name('欧阳娜娜') == 'Ouyang Nana'\n"
        "assert 'pypinyin' not in sys.modules, 'pypinyin imported'\n"
    )
    root = pinyin.READINGS.parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)
