"""Points for one answer, computed on the server from server timestamps only. The live mode uses the same
function, so a quiz taken alone and a quiz played in class score alike."""

MAX_POINTS = 1000
MIN_CORRECT_POINTS = 500


def score_answer(correct: bool, elapsed_ms: int, limit_ms: int) -> int:
    """1000 points for a right answer given at once, falling linearly to 500 at the time limit; 0 for a wrong
    answer or one given after the limit. Negative elapsed times (clock skew) count as instant."""
    if not correct or limit_ms <= 0 or elapsed_ms > limit_ms:
        return 0
    elapsed_ms = max(0, elapsed_ms)
    span = MAX_POINTS - MIN_CORRECT_POINTS
    return MAX_POINTS - (span * elapsed_ms) // limit_ms
