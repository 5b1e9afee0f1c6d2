"""render/memo.py: the bounded memo a renderer keeps its shared parts in."""

from __future__ import annotations

import pytest

from newsgen.render.memo import Memo


def test_a_memo_holds_what_it_was_given_up_to_its_size():
    m: Memo[str, int] = Memo(8)
    for i in range(8):
        m[f"k{i}"] = i
    assert len(m) == 8 and all(m.get(f"k{i}") == i for i in range(8))
    assert m.get("other") is None and "other" not in m


def test_a_full_memo_drops_the_quarter_put_in_first():
    m: Memo[str, int] = Memo(8)
    for i in range(8):
        m[f"k{i}"] = i
    assert m.get("k0") == 0 and m.get("k1") == 1  # reading changes nothing
    m["new"] = 99
    assert len(m) == 7
    assert "k0" not in m and "k1" not in m  # the two oldest
    assert m.get("k2") == 2 and m.get("new") == 99
    m["k0"] = 0  # made again: now the newest
    assert list(m)[-2:] == ["new", "k0"]


def test_setting_a_key_it_holds_drops_nothing():
    m: Memo[str, int] = Memo(4)
    for i in range(4):
        m[f"k{i}"] = i
    m["k3"] = 33
    assert len(m) == 4 and m.get("k3") == 33 and m.get("k0") == 0


def test_a_memo_too_small_to_drop_a_quarter_is_refused():
    with pytest.raises(ValueError):
        Memo(3)
