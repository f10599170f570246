"""City-scale top k: one bit set per hard constraint rules pairs out, one compiled loop scores.

`matching.top_k` is the reference: NumPy over chunks of participants. This module gives the
same answer (the same openings in the same order, the same float32 scores, bit for bit)
faster, for a city-wide run:

1. **Prefilter.** The openings are put in the order of their location, and each hard
   constraint becomes bit sets over that order, one uint64 word per 64 openings:
   - shifts: for each of the 28 shift slots, the openings that need it; a participant
     keeps the openings that need none of the slots they cannot work;
   - physical demands: for each value of a participant's limits, the openings that
     demand none of them;
   - fair chance: the fair-chance openings (only for those who need one);
   - wage: for each rank of the distinct wages, the openings paying at least that;
   - commute: the locations within a participant's longest commute are runs of bits.
   The AND of these words is the set of allowed pairs (`allowed`; a property test
   checks it equals `matching.hard_filter(...) == 0` pair by pair). About six pairs in
   seven fail some constraint in a city-wide run and are never looked at again.
2. **Fused scoring.** For each set bit, one compiled loop (Numba, in parallel over
   participants) adds the same float32 terms in the same order as `matching.score_pairs`:
   commute points (from the same participant × location table), the job's own points
   for the household and child-care need, career goal less the job's risks plus the
   work environment, and skills as a population count of bit sets. Each participant's
   k best are kept by insertion (score descending, then the lower opening index).

The compiled functions are cached on disk (`cache=True`), so only the first run on a
machine pays for compiling them.
"""

from dataclasses import dataclass

import numba
import numpy as np

from workbridge.core.matching import (
    SOC_LEVEL_DIVISORS,
    SOC_LEVEL_SCORES,
    OpeningArrays,
    ParticipantArrays,
    TopK,
    Weights,
    _features,
    _Prepared,
)

SLOTS = 28
LIMIT_VALUES = 256  # limits are uint8
_DEBRUIJN = np.uint64(0x03F79D71B4CB0A89)
_DEBRUIJN_TABLE = np.zeros(64, dtype=np.int64)
for _bit in range(64):
    _DEBRUIJN_TABLE[((1 << _bit) * 0x03F79D71B4CB0A89 & (2**64 - 1)) >> 58] = _bit
del _bit


def _pack(matrix: np.ndarray, words: int) -> np.ndarray:
    """Rows of a bool matrix (rows, m) as uint64 words, bit b of word w is column 64 w + b."""
    packed = np.packbits(matrix, axis=-1, bitorder="little")
    out = np.zeros((matrix.shape[0], words * 8), dtype=np.uint8)
    out[:, : packed.shape[1]] = packed
    return out.view("<u8").astype(np.uint64)


@dataclass(frozen=True)
class Prefilter:
    """The openings' bit sets, one per hard constraint (see the module docstring)."""

    order: np.ndarray  # int64 (m,): the opening at each bit position
    words: int
    valid: np.ndarray  # uint64 (words,): positions that are openings
    need_slot: np.ndarray  # uint64 (SLOTS, words): openings that need the slot
    needed_slots: np.ndarray  # int64: slots some opening needs
    physical: np.ndarray  # uint64 (LIMIT_VALUES, words): openings these limits allow
    fair: np.ndarray  # uint64 (words,): fair-chance openings
    wage: np.ndarray  # uint64 (ranks + 1, words): openings paying at least wage rank r
    loc_start: np.ndarray  # int64 (locations + 1,): each location's run of positions


def prefilter_for(prep: _Prepared) -> Prefilter:
    """The bit sets of the openings of a prepared run."""
    o = prep.o
    m = len(o)
    order = np.argsort(prep.loc, kind="stable").astype(np.int64)
    words = max((m + 63) // 64, 1)
    shifts = o.shifts[order].astype(np.int64)
    slot_bits = np.left_shift(np.int64(1), np.arange(SLOTS, dtype=np.int64))
    need = (shifts[None, :] & slot_bits[:, None]) != 0
    demands = o.demands[order].astype(np.int64)
    limits = np.arange(LIMIT_VALUES, dtype=np.int64)
    rank = prep.wage_rank[order]
    ranks = np.arange(len(prep.wages) + 1)
    locations = len(prep.loc_x)
    loc_start = np.searchsorted(prep.loc[order], np.arange(locations + 1)).astype(np.int64)
    return Prefilter(
        order=order,
        words=words,
        valid=_pack(np.ones((1, m), dtype=bool), words)[0],
        need_slot=_pack(need, words),
        needed_slots=np.flatnonzero(need.any(axis=1)).astype(np.int64),
        physical=_pack((demands[None, :] & limits[:, None]) == 0, words),
        fair=_pack(o.fair_chance[order][None, :], words)[0],
        wage=_pack(rank[None, :] >= ranks[:, None], words),
        loc_start=loc_start,
    )


@numba.njit(cache=True, inline="always")
def _ctz(bit: np.uint64) -> np.int64:
    """The index of the only set bit of `bit`."""
    return _DEBRUIJN_TABLE[np.int64((bit * _DEBRUIJN) >> np.uint64(58))]


@numba.njit(cache=True, inline="always")
def _popcount(x: np.uint64) -> np.int64:
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return np.int64((x * np.uint64(0x0101010101010101)) >> np.uint64(56))


@numba.njit(cache=True, inline="always")
def _allowed_words(
    i, local, out, availability, limits, needs_fair, enough, passes,
    valid, need_slot, needed_slots, physical, fair, wage, loc_start,
):  # fmt: skip
    """Write participant i's allowed openings into `out` (one word per 64 positions)."""
    words = out.shape[0]
    out[:] = 0
    # Commute: the allowed locations are runs of positions.
    for loc in range(loc_start.shape[0] - 1):
        if passes[local, loc]:
            lo, hi = loc_start[loc], loc_start[loc + 1]
            while lo < hi:
                w = lo >> 6
                end = min(hi, (w + 1) << 6)
                width = end - lo
                run = np.uint64(0xFFFFFFFFFFFFFFFF)
                if width < 64:
                    run = (np.uint64(1) << np.uint64(width)) - np.uint64(1)
                out[w] |= run << np.uint64(lo & 63)
                lo = end
    lim = np.int64(limits[i])
    rank = np.int64(enough[i])
    avail = np.int64(availability[i])
    for w in range(words):
        bits = out[w] & valid[w] & physical[lim, w] & wage[rank, w]
        if needs_fair[i]:
            bits &= fair[w]
        if bits:
            for s in needed_slots:
                if not (avail >> s) & 1:
                    bits &= ~need_slot[s, w]
        out[w] = bits


@numba.njit(cache=True, parallel=True)
def _allowed_chunk(
    start, count, availability, limits, needs_fair, enough, passes,
    valid, need_slot, needed_slots, physical, fair, wage, loc_start, out,
):  # fmt: skip
    for local in numba.prange(count):
        _allowed_words(
            start + local, local, out[local], availability, limits, needs_fair, enough,
            passes, valid, need_slot, needed_slots, physical, fair, wage, loc_start,
        )  # fmt: skip


@numba.njit(cache=True, parallel=True)
def _top_k_chunk(
    start, count, k,
    availability, limits, needs_fair, enough, passes, points,
    valid, need_slot, needed_slots, physical, fair, wage, loc_start,
    order, loc, combo, static, loss, risk_points, feat, level_points,
    goal_groups, soc_groups, p_env, o_env, env_points, p_bits, o_bits, coef,
    best, best_scores, feasible,
):  # fmt: skip
    """Each participant of the chunk's k best allowed openings, scored as `score_pairs` does."""
    words = valid.shape[0]
    skill_words = o_bits.shape[0]
    goals = goal_groups.shape[1]
    blocks = (count + 63) // 64
    for block in numba.prange(blocks):
        allowed = np.empty(words, dtype=np.uint64)
        for local in range(block * 64, min(count, block * 64 + 64)):
            i = start + local
            _allowed_words(
                i, local, allowed, availability, limits, needs_fair, enough, passes,
                valid, need_slot, needed_slots, physical, fair, wage, loc_start,
            )  # fmt: skip
            row_combo = combo[i]
            row_loss = loss[i]
            row_env = np.int64(p_env[i])
            filled = 0
            seen = 0
            for w in range(words):
                bits = allowed[w]
                while bits:
                    low = bits & (~bits + np.uint64(1))
                    bits ^= low
                    pos = (w << 6) + _ctz(low)
                    seen += 1
                    score = points[local, loc[pos]]
                    score += static[row_combo, pos]
                    level = 4
                    for g in range(goals):
                        if goal_groups[i, g, 0] < 0:
                            continue
                        for lev in range(4):
                            if goal_groups[i, g, lev] == soc_groups[lev, pos]:
                                if lev < level:
                                    level = lev
                                break
                    profile = level_points[level] - risk_points[row_loss, feat[pos]]
                    env = o_env[pos]
                    if env >= 0 and (row_env >> env) & 1:
                        profile += env_points[1]
                    else:
                        profile += env_points[0]
                    score += profile
                    if skill_words:
                        matched = np.int64(0)
                        for sw in range(skill_words):
                            matched += _popcount(p_bits[sw, i] & o_bits[sw, pos])
                        score += coef[pos] * np.float32(matched)
                    j = order[pos]
                    # Keep the k best: score descending, then the lower opening.
                    if filled == k:
                        last_s = best_scores[i, k - 1]
                        if score < last_s or (score == last_s and j > best[i, k - 1]):
                            continue
                        at = k - 1
                    else:
                        at = filled
                        filled += 1
                    while at > 0:
                        above_s = best_scores[i, at - 1]
                        if above_s > score or (above_s == score and best[i, at - 1] < j):
                            break
                        best_scores[i, at] = above_s
                        best[i, at] = best[i, at - 1]
                        at -= 1
                    best_scores[i, at] = score
                    best[i, at] = j
            feasible[i] = seen


def _goal_groups(goals: np.ndarray) -> np.ndarray:
    """(n, g, 4) each goal's group at each SOC level (detailed … major), -1 for none."""
    goals = goals.astype(np.int64)
    divisors = np.array(SOC_LEVEL_DIVISORS, dtype=np.int64)
    groups = goals[:, :, None] // divisors[None, None, :]
    groups[goals < 0] = -1
    if groups.shape[1] == 0:
        groups = np.full((len(goals), 1, 4), -1, dtype=np.int64)
    return groups


def _soc_groups(soc: np.ndarray) -> np.ndarray:
    """(4, m) the opening's group at each SOC level; -2 when not known (never a goal's)."""
    soc = soc.astype(np.int64)
    groups = soc[None, :] // np.array(SOC_LEVEL_DIVISORS, dtype=np.int64)[:, None]
    groups[:, soc < 0] = -2
    return groups


def _enough(prep: _Prepared) -> np.ndarray:
    return np.searchsorted(prep.wages, prep.p.min_wage.astype(np.float32), "left").astype(np.int64)


def allowed(p: ParticipantArrays, o: OpeningArrays, *, chunk: int = 1024) -> np.ndarray:
    """bool (n, m): the pairs the bit-set prefilter lets through, in opening order."""
    prep = _Prepared(p, o, Weights())
    n, m = len(p), len(o)
    out = np.zeros((n, m), dtype=bool)
    if n == 0 or m == 0:
        return out
    pre = prefilter_for(prep)
    enough = _enough(prep)
    for start in range(0, n, chunk):
        rows = np.arange(start, min(start + chunk, n))
        _points, passes = prep.commute_tables(rows)
        words = np.zeros((len(rows), pre.words), dtype=np.uint64)
        _allowed_chunk(
            start, len(rows), p.availability, p.limits, p.needs_fair_chance, enough, passes,
            pre.valid, pre.need_slot, pre.needed_slots, pre.physical, pre.fair, pre.wage,
            pre.loc_start, words,
        )  # fmt: skip
        bits = np.unpackbits(words.view(np.uint8), axis=1, bitorder="little")[:, :m]
        out[start : start + len(rows), pre.order] = bits.astype(bool)
    return out


def top_k(
    p: ParticipantArrays, o: OpeningArrays, w: Weights, k: int = 10, *, chunk: int = 4096
) -> TopK:
    """The same result as `matching.top_k`, by the prefilter and the fused loop."""
    n, m = len(p), len(o)
    best = np.full((n, k), -1, dtype=np.int32)
    best_scores = np.full((n, k), -np.inf, dtype=np.float32)
    feasible = np.zeros(n, dtype=np.int32)
    if m == 0 or k <= 0 or n == 0:
        return TopK(best, best_scores, feasible)
    prep = _Prepared(p, o, w)
    pre = prefilter_for(prep)
    order = pre.order
    enough = _enough(prep)
    career = np.zeros(5, dtype=np.float32)
    career[:4] = [w.career_goal * score for score in SOC_LEVEL_SCORES]
    environment = np.array([0.0, w.environment], dtype=np.float32)
    if prep.words:
        o_bits = np.ascontiguousarray(prep.o_bits[:, order])
        p_bits = prep.p_bits
    else:
        o_bits = np.zeros((0, m), dtype=np.uint64)
        p_bits = np.zeros((0, n), dtype=np.uint64)
    static = np.ascontiguousarray(prep.static[:, order])
    combo = prep.combo.astype(np.int64)
    args = (
        pre.valid, pre.need_slot, pre.needed_slots, pre.physical, pre.fair, pre.wage,
        pre.loc_start, order, prep.loc[order].astype(np.int64), combo, static,
        p.loss_factors.astype(np.int64), prep.risk_points, _features(o)[order].astype(np.int64),
        career, _goal_groups(p.goals), _soc_groups(o.soc[order]), p.environments,
        o.environment[order].astype(np.int64), environment, p_bits, o_bits,
        prep.skill_coef[order],
    )  # fmt: skip
    for start in range(0, n, chunk):
        rows = np.arange(start, min(start + chunk, n))
        points, passes = prep.commute_tables(rows)
        _top_k_chunk(
            start, len(rows), k, p.availability, p.limits, p.needs_fair_chance, enough,
            passes, points, *args, best, best_scores, feasible,
        )  # fmt: skip
    return TopK(best, best_scores, feasible)
