"""Reading an MRZ from a live camera: frames vote, and the clerk is told what to change.

One frame's reading can be wrong in a way no check digit catches (a letter of the name);
two frames seldom are wrong the same way. :class:`MrzVoter` takes the reading of each
frame that was read, and answers with a result only when enough recent frames agree on
every line; until then it gives a hint in the clerk's words from what the frames look
like: too far, glare, blur or tilt. Qt-free: views/mrz_camera.py runs it.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, replace

import cv2
import numpy as np

from operator_app.scanning.mrz import Image, MrzResult

AGREE = 2  # frames that must read the same lines …
WINDOW = 5  # … among the last this many readings
HINT_CLOSER = "Поднесите документ ближе: строки внизу страницы должны занять треть кадра."
HINT_GLARE = "Меньше бликов: наклоните документ или отодвиньте его от лампы."
HINT_STEADY = "Держите документ ровно и неподвижно."
HINT_LOOKING = "Покажите камере страницу с фотографией: ищу машиночитаемую зону…"
HINT_AGAIN = "Зона найдена, читаю ещё раз для сверки…"


@dataclass(frozen=True)
class Vote:
    """What the voter says after a frame: ``result`` once frames agree, else a ``hint``."""

    result: MrzResult | None
    hint: str
    agreeing: int  # frames that read the leading lines so far


def frame_hint(frame: Image) -> str:
    """Why a frame with no readable MRZ may have failed: glare, blur, or distance."""
    gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    small = cv2.resize(gray, (320, max(1, round(320 * gray.shape[0] / gray.shape[1]))),
                       interpolation=cv2.INTER_AREA)
    if float(np.mean(small >= 250)) > 0.04:
        return HINT_GLARE
    if float(cv2.Laplacian(small, cv2.CV_64F).var()) < 40:
        return HINT_STEADY
    return HINT_CLOSER


class MrzVoter:
    def __init__(self) -> None:
        self._reads: deque[MrzResult] = deque(maxlen=WINDOW)
        self._misses = 0

    def feed(self, frame: Image, result: MrzResult | None) -> Vote:
        if result is None or not all(result.checks.values()):
            # No zone, or a zone whose check digits fail: no vote; say what to change.
            self._misses += 1
            hint = frame_hint(frame) if result is None and self._misses >= 3 else (
                HINT_STEADY if result is not None else HINT_LOOKING)
            return Vote(None, hint, self._leading())
        self._misses = 0
        self._reads.append(result)
        counts = Counter(r.lines for r in self._reads)
        lines, count = counts.most_common(1)[0]
        if count < AGREE:
            return Vote(None, HINT_AGAIN, count)
        agreeing = [r for r in self._reads if r.lines == lines]
        # Agreeing frames: a character doubtful in every one of them stays doubtful.
        doubtful = set.intersection(*(set(r.uncertain) for r in agreeing))
        best = max(agreeing, key=lambda r: min(r.confidence, default=1.0))
        return Vote(replace(best, uncertain=tuple(sorted(doubtful))), "", count)

    def _leading(self) -> int:
        if not self._reads:
            return 0
        return Counter(r.lines for r in self._reads).most_common(1)[0][1]
