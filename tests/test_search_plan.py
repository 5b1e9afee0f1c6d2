"""The search index's plan: which month indexes a rebuild takes over, which it makes anew, and
what goes to the recent index (output/search.py). Pure decisions, no Pagefind here; the
browser test in test_search_incremental.py checks the answers they give."""

from __future__ import annotations

import pytest

from newsgen.output import search
from newsgen.output.search import OVERLAY, Built, Shard, listing, plan_index, read_built, stored_built


def shard(name: str, members: dict[str, str]) -> Shard:
    return Shard(name, members, lambda: [], "vi")


def month(name: str, count: int, version: str = "v1") -> dict[str, str]:
    return {f"/{name}/bai-{i}/": version for i in range(count)}


def built(s: Shard, ids: str = "p") -> Built:
    return Built(s.folder, {u: (d, f"{ids}-{u}") for u, d in s.members.items()})


def plan(months: dict[str, dict[str, str]], live: list[Built]):
    shards = {n: shard(n, m) for n, m in months.items()}
    return shards, plan_index(shards, {b.folder: b for b in live}, lambda m: shard(OVERLAY, m))


def test_a_first_build_indexes_every_month_and_no_recent_index():
    shards, p = plan({"2026-10": month("a", 40), "2026-11": month("b", 40)}, [])
    assert [s.name for s in p.make] == ["2026-10", "2026-11"] and p.keep == {} and p.recent is None


def test_unchanged_months_are_taken_over():
    months = {"2026-10": month("a", 40), "2026-11": month("b", 40)}
    shards, _ = plan(months, [])
    _, p = plan(months, [built(s) for s in shards.values()])
    assert p.make == [] and set(p.keep) == {"2026-10", "2026-11"} and p.recent is None and p.stale == {}


def test_a_few_changes_go_to_the_recent_index_and_hide_the_months_copies():
    before = {"2026-10": month("a", 40), "2026-11": month("b", 40)}
    shards, _ = plan(before, [])
    live = [built(s) for s in shards.values()]
    after = {"2026-10": dict(before["2026-10"]), "2026-11": dict(before["2026-11"])}
    after["2026-11"]["/b/bai-3/"] = "v2"  # edited
    after["2026-11"]["/b/moi/"] = "v1"  # new in a month already indexed
    del after["2026-10"]["/a/bai-5/"]  # deleted
    now, p = plan(after, live)
    assert p.recent is not None and p.make == [p.recent]
    assert p.recent.members == {"/b/bai-3/": "v2", "/b/moi/": "v1"}
    assert p.stale == {"2026-11": {"/b/bai-3/"}, "2026-10": {"/a/bai-5/"}}
    indexes = {b.folder: b for b in p.keep.values()} | {p.recent.folder: built(p.recent, "r")}
    shown = listing(now, indexes, p)
    assert shown["hidden"] == ["p-/a/bai-5/", "p-/b/bai-3/"]
    assert shown["recent"] == {"folder": p.recent.folder, "pages": 2}
    assert [s["name"] for s in shown["shards"]] == ["2026-11", "2026-10"]
    # the same recent index next time: taken over, not made again
    _, again = plan(after, [*live, indexes[p.recent.folder]])
    assert again.make == [] and again.recent is not None and again.recent.folder == p.recent.folder


def test_a_page_the_recent_index_holds_unchanged_is_not_hidden():
    before = {"2026-11": month("b", 40)}
    shards, _ = plan(before, [])
    after = {"2026-11": {**before["2026-11"], "/b/bai-1/": "v2"}}
    now, p = plan(after, [built(shards["2026-11"])])
    assert p.recent is not None
    same_id = Built(p.recent.folder, {"/b/bai-1/": ("v2", "p-/b/bai-1/")})  # Pagefind gave the same id
    shown = listing(now, {p.keep["2026-11"].folder: p.keep["2026-11"], p.recent.folder: same_id}, p)
    assert shown["hidden"] == []


def test_a_month_with_many_changes_is_indexed_anew():
    before = {"2026-11": month("b", 200)}
    shards, _ = plan(before, [])
    changed = max(search.MONTH_CHANGES_MIN, 200 // search.MONTH_CHANGES_SHARE) + 1
    after = {"2026-11": {u: ("v2" if i < changed else d) for i, (u, d) in enumerate(before["2026-11"].items())}}
    _, p = plan(after, [built(shards["2026-11"])])
    assert [s.name for s in p.make] == ["2026-11"] and p.recent is None and p.stale == {}


def test_a_full_recent_index_sends_the_month_with_most_changes_to_be_indexed(monkeypatch):
    monkeypatch.setattr(search, "OVERLAY_MAX", 3)
    before = {"2026-10": month("a", 40), "2026-11": month("b", 40)}
    shards, _ = plan(before, [])
    after = {n: dict(m) for n, m in before.items()}
    for u in ["/b/bai-1/", "/b/bai-2/", "/b/bai-3/"]:
        after["2026-11"][u] = "v2"
    after["2026-10"]["/a/bai-1/"] = "v2"
    _, p = plan(after, [built(s) for s in shards.values()])
    assert [s.name for s in p.make if s.name != OVERLAY] == ["2026-11"]
    assert p.recent is not None and p.recent.members == {"/a/bai-1/": "v2"}
    assert set(p.stale) == {"2026-10"}


def test_a_month_whose_index_is_not_intact_is_indexed_anew():
    before = {"2026-11": month("b", 40)}
    shards, _ = plan(before, [])
    _, p = plan(before, [])  # the build found its files damaged: not offered as live
    assert [s.name for s in p.make] == ["2026-11"]


@pytest.mark.parametrize(
    "stored",
    [None, [], {"format": 1, "indexes": {}}, {"format": search.FORMAT, "indexes": []},
     {"format": search.FORMAT, "indexes": {"2026-11-x": {"/a/": "not a pair"}}}],
)  # fmt: skip
def test_a_damaged_record_of_the_live_indexes_offers_nothing(stored):
    assert read_built(stored) == {}


def test_the_record_of_the_live_indexes_reads_back():
    s = shard("2026-11", month("b", 3))
    indexes = {s.folder: built(s)}
    assert read_built(stored_built(indexes)) == indexes


def test_a_month_up_to_the_largest_index_is_one_index():
    m = month("a", search.SHARD_MAX)
    assert search.month_parts("2026-10", m) == {"2026-10": m}


def test_a_large_month_is_split_into_parts_of_at_most_about_the_largest_index():
    m = month("a", 2 * search.SHARD_MAX + 500)
    parts = search.month_parts("2026-10", m)
    assert list(parts) == ["2026-10p1of3", "2026-10p2of3", "2026-10p3of3"]
    assert sorted(u for p in parts.values() for u in p) == sorted(m)  # each record in one part
    assert all(abs(len(p) - len(m) / 3) < len(m) / 10 for p in parts.values())  # about even
    assert all(p[u] == m[u] for p in parts.values() for u in p)


def test_an_edit_or_a_new_article_in_a_large_month_changes_one_part():
    m = month("a", 2 * search.SHARD_MAX + 500)
    before = search.month_parts("2026-10", m)
    after = search.month_parts("2026-10", {**m, "/a/bai-7/": "v2", "/a/moi/": "v1"})
    changed = [n for n in before if before[n] != after[n]]
    assert set(after) == set(before) and 1 <= len(changed) <= 2
    # the plan then takes the other parts over as they are
    shards = {n: shard(n, p) for n, p in before.items()}
    live = {b.folder: b for b in (built(s) for s in shards.values())}
    new = {n: shard(n, p) for n, p in after.items()}
    p = plan_index(new, live, lambda mm: shard(OVERLAY, mm))
    assert [s.name for s in p.make] == [OVERLAY] and set(p.keep) == set(after)  # only the recent index
    assert set(p.recent.members) == {"/a/bai-7/", "/a/moi/"}
