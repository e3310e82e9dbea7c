"""The assignment plan as a pure function: who scores which entry, balanced and free of conflicts.

No database here, so the invariants can be checked with property tests (tests/judging/test_planner.py).
"""

import heapq
import random
from collections import defaultdict, deque
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field


@dataclass
class Plan:
    new_pairs: list[tuple[int, int]] = field(default_factory=list)
    """(judge id, entry id) to create."""
    dropped: list[tuple[int, int]] = field(default_factory=list)
    """Existing pairs that are no longer allowed (a conflict, or the judge or entry left)."""
    unfilled: dict[int, int] = field(default_factory=dict)
    """entry id → how many judges are missing because not enough judges may score it."""
    loads: dict[int, int] = field(default_factory=dict)


def plan_assignments(
    *,
    entries: Mapping[int, int | None],
    judges: Mapping[int, int | None],
    conflicts: Collection[tuple[int, int]] = (),
    school_conflicts: Collection[tuple[int, int]] = (),
    existing: Collection[tuple[int, int]] = (),
    judges_per_entry: int = 3,
    cap: int | None = None,
    seed: int = 0,
) -> Plan:
    """Gives every entry `judges_per_entry` distinct judges, keeping `existing` pairs that are still allowed.

    `entries` and `judges` map ids to school ids (a judge never scores an entry of their own school);
    `conflicts` are declared (judge, entry) pairs, `school_conflicts` declared (judge, school) pairs.
    Loads (kept + new) differ by at most one wherever the conflicts allow it, and never exceed `cap`.
    Entries that cannot get enough allowed judges are reported in `unfilled`, never given a conflicted one.
    """
    rng = random.Random(seed)
    conflicts_by_entry: dict[int, set[int]] = defaultdict(set)
    for judge, entry in conflicts:
        conflicts_by_entry[entry].add(judge)
    judges_by_school: dict[int, set[int]] = defaultdict(set)
    for judge, school in judges.items():
        if school is not None:
            judges_by_school[school].add(judge)
    for judge, school in school_conflicts:
        if judge in judges:
            judges_by_school[school].add(judge)

    def excluded(entry: int) -> set[int]:
        school = entries[entry]
        barred = conflicts_by_entry.get(entry, set())
        if school is not None and school in judges_by_school:
            return barred | judges_by_school[school]
        return barred

    plan = Plan()
    loads = dict.fromkeys(judges, 0)
    on_entry: dict[int, set[int]] = {entry: set() for entry in entries}
    for judge, entry in existing:
        if judge in judges and entry in entries and judge not in excluded(entry):
            loads[judge] += 1
            on_entry[entry].add(judge)
        else:
            plan.dropped.append((judge, entry))

    judge_ids = sorted(judges)
    movable: dict[int, set[int]] = defaultdict(set)  # judge → entries given in this run (may move)

    def allowed(judge: int, entry: int, barred: set[int]) -> bool:
        return judge not in barred and judge not in on_entry[entry]

    def find_path(sources: list[int], is_target) -> list[tuple[int, int, int]] | None:
        """Breadth-first search for a chain of moves (entry, from judge, to judge) that takes one entry off
        a source judge and gives one to a target judge, every judge in between keeping its load."""
        parent: dict[int, tuple[int, int] | None] = dict.fromkeys(sources)
        queue = deque(sources)
        while queue:
            judge = queue.popleft()
            for entry in movable[judge]:
                barred = excluded(entry)
                for other in judge_ids:
                    if other in parent or not allowed(other, entry, barred):
                        continue
                    parent[other] = (judge, entry)
                    if is_target(other):
                        moves = []
                        node = other
                        while parent[node] is not None:
                            prev, moved = parent[node]
                            moves.append((moved, prev, node))
                            node = prev
                        return moves
                    queue.append(other)
        return None

    def apply(moves: list[tuple[int, int, int]]) -> None:
        for entry, src, dst in moves:
            movable[src].discard(entry)
            movable[dst].add(entry)
            on_entry[entry].discard(src)
            on_entry[entry].add(dst)
        loads[moves[-1][1]] -= 1
        loads[moves[0][2]] += 1

    under_cap = (lambda judge: True) if cap is None else (lambda judge: loads[judge] < cap)

    # Most constrained entries first, so they are not left with only full judges.
    order = list(entries)
    rng.shuffle(order)
    order.sort(key=lambda entry: len(excluded(entry)), reverse=True)
    for entry in order:
        need = judges_per_entry - len(on_entry[entry])
        if need <= 0:
            continue
        barred = excluded(entry)
        candidates = [j for j in judge_ids if allowed(j, entry, barred) and under_cap(j)]
        chosen = heapq.nsmallest(need, candidates, key=lambda j: (loads[j], rng.random()))
        for judge in chosen:
            loads[judge] += 1
            on_entry[entry].add(judge)
            movable[judge].add(entry)
        missing = need - len(chosen)
        while missing and cap is not None:
            # Every allowed judge is full: free one by moving some of their work to a judge under the cap.
            full = [j for j in judge_ids if allowed(j, entry, barred) and not under_cap(j)]
            moves = find_path(full, under_cap) if full else None
            if not moves:
                break
            apply(moves)
            freed = moves[-1][1]
            loads[freed] += 1
            on_entry[entry].add(freed)
            movable[freed].add(entry)
            missing -= 1
        if missing:
            plan.unfilled[entry] = missing

    # Even out: move work along chains from a judge to one carrying at least two fewer.
    stuck: set[int] = set()
    while True:
        heavy = [j for j in judge_ids if j not in stuck and movable[j]]
        if not heavy:
            break
        top = max(loads[j] for j in heavy)
        if top - min(loads.values()) <= 1:
            break
        sources = [j for j in heavy if loads[j] == top]
        moves = find_path(sources, lambda other, top=top: loads[other] <= top - 2)
        if moves:
            apply(moves)
            stuck.clear()
        else:
            stuck.update(sources)

    for judge in judge_ids:
        plan.new_pairs.extend((judge, entry) for entry in sorted(movable[judge]))
    plan.loads = loads
    return plan
