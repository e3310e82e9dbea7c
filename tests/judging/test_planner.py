from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from judging.services.planner import plan_assignments


@st.composite
def pools(draw):
    n_schools = draw(st.integers(1, 12))
    school = st.one_of(st.none(), st.integers(0, n_schools - 1))
    entries = draw(st.dictionaries(st.integers(1, 10_000), school, min_size=1, max_size=60))
    judges = draw(st.dictionaries(st.integers(1, 500), school, min_size=1, max_size=14))
    pairs = st.tuples(st.sampled_from(sorted(judges)), st.sampled_from(sorted(entries)))
    conflicts = draw(st.sets(pairs, max_size=len(entries) // 3 + 1))
    school_conflicts = draw(
        st.sets(st.tuples(st.sampled_from(sorted(judges)), st.integers(0, n_schools - 1)), max_size=2)
    )
    return entries, judges, conflicts, school_conflicts


def _allowed(judge, entry, entries, judges, conflicts, school_conflicts):
    school = entries[entry]
    if school is not None and judges[judge] == school:
        return False
    return (judge, entry) not in conflicts and (judge, school) not in school_conflicts


def _check(plan, entries, judges, conflicts, school_conflicts, r, cap, kept=()):
    pairs = list(kept) + plan.new_pairs
    assert len(pairs) == len(set(pairs)), "a judge got the same entry twice"
    per_entry = Counter(entry for _judge, entry in pairs)
    for judge, entry in pairs:
        assert _allowed(judge, entry, entries, judges, conflicts, school_conflicts)
    for entry in entries:
        allowed = sum(_allowed(j, entry, entries, judges, conflicts, school_conflicts) for j in judges)
        assert per_entry[entry] + plan.unfilled.get(entry, 0) == r
        if cap is None:
            assert per_entry[entry] == min(r, allowed)
    loads = Counter(judge for judge, _entry in pairs)
    assert loads == Counter({j: n for j, n in plan.loads.items() if n})
    if cap is not None:
        assert max(loads.values(), default=0) <= cap
    return loads


@settings(max_examples=300, deadline=None)
@given(pools(), st.integers(1, 4), st.integers(0, 2**31))
def test_plan_gives_r_distinct_allowed_judges_with_even_loads(pool, r, seed):
    entries, judges, conflicts, school_conflicts = pool
    plan = plan_assignments(
        entries=entries,
        judges=judges,
        conflicts=conflicts,
        school_conflicts=school_conflicts,
        judges_per_entry=r,
        seed=seed,
    )
    loads = _check(plan, entries, judges, conflicts, school_conflicts, r, None)
    # Where every judge may take most entries, nothing prevents a perfect balance.
    open_judges = [
        j
        for j in judges
        if sum(_allowed(j, e, entries, judges, conflicts, school_conflicts) for e in entries)
        >= len(entries) * 0.9
    ]
    if len(open_judges) == len(judges) and not plan.unfilled:
        assert max(loads[j] for j in judges) - min(loads[j] for j in judges) <= 1


@settings(max_examples=200, deadline=None)
@given(pools(), st.integers(1, 3), st.integers(1, 30), st.integers(0, 2**31))
def test_plan_never_exceeds_cap(pool, r, cap, seed):
    entries, judges, conflicts, school_conflicts = pool
    plan = plan_assignments(
        entries=entries,
        judges=judges,
        conflicts=conflicts,
        school_conflicts=school_conflicts,
        judges_per_entry=r,
        cap=cap,
        seed=seed,
    )
    _check(plan, entries, judges, conflicts, school_conflicts, r, cap)
    unconstrained = not conflicts and not school_conflicts and all(s is None for s in entries.values())
    if unconstrained and cap * len(judges) >= r * len(entries) and len(judges) >= r:
        assert not plan.unfilled


@settings(max_examples=200, deadline=None)
@given(pools(), st.integers(0, 2**31), st.data())
def test_plan_rerun_keeps_existing_work(pool, seed, data):
    entries, judges, conflicts, school_conflicts = pool
    first = plan_assignments(entries=entries, judges=judges, judges_per_entry=2, seed=seed)
    kept = data.draw(st.sets(st.sampled_from(first.new_pairs))) if first.new_pairs else set()
    second = plan_assignments(
        entries=entries,
        judges=judges,
        conflicts=conflicts,
        school_conflicts=school_conflicts,
        existing=kept,
        judges_per_entry=2,
        seed=seed + 1,
    )
    still_allowed = {p for p in kept if _allowed(*p, entries, judges, conflicts, school_conflicts)}
    assert set(second.dropped) == kept - still_allowed
    assert not set(second.new_pairs) & still_allowed
    _check(second, entries, judges, conflicts, school_conflicts, 2, None, kept=still_allowed)


def test_plan_reports_entry_without_enough_allowed_judges():
    plan = plan_assignments(entries={1: 7, 2: 8}, judges={10: 7, 11: 8, 12: None}, judges_per_entry=3, seed=1)
    assert plan.unfilled == {1: 1, 2: 1}
    assert (10, 1) not in plan.new_pairs
    assert (11, 2) not in plan.new_pairs


def test_plan_is_balanced_at_scale():
    entries = {e: e % 100 for e in range(2000)}
    judges = {j: (j * 7) % 100 for j in range(10_000, 10_080)}
    plan = plan_assignments(entries=entries, judges=judges, judges_per_entry=3, seed=5)
    assert not plan.unfilled
    assert max(plan.loads.values()) - min(plan.loads.values()) <= 1
