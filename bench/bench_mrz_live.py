"""MRZ from a live 720p webcam: the time from the dialog opening to the voted result.

The target: a passport held in front of a 720p webcam is read in under 2 s. Only the
machine's edge is faked: the camera. Each trial writes a video file (1280×720, MJPG in
.avi, 30 fps, 4–6 s, seeded) of a document held in front of a camera — a TD3 passport
data page (``bench_mrz.render_page``) or, one trial in four, a TD1 ID card
(``bench_mrz_real.render_card``) — on a busy room background
(``bench_mrz_real.busy_background``), warped into the frame by ``bench_mrz_real._place``:

* it comes in from a side and closer over the first ~0.5 s (fast: motion blur),
* then a slow drift plus hand tremor (a few px per frame), a roll within ±3°, a tilt
  of 5–20° that sways a little, a thumb on its edge;
* the MRZ capitals 10–20 px high (a passport 25–40 cm from a 720p webcam);
* motion blur along the movement of each frame, lens softness, sensor noise, uneven
  light and vignetting, a glare spot on the laminate in some trials; MJPG compression.

The video is read back through ``cv2.VideoCapture`` and the dialog's loop is replayed
with real processing times (views/mrz_camera.py): a clock starts at frame 0; the reader
takes the newest frame the camera has delivered at the clock's time (index
``floor(t × 30)``), copies it and runs ``read_mrz`` on it as the dialog's ``_Reader``
does, the result is fed to ``MrzVoter`` as the dialog's ``_on_read`` does, and the clock
moves on by the time both took (perf_counter); frames that came in meanwhile are
dropped, as in the dialog. A trial ends when the voter gives a result, or with the
video (not read). Camera latency and the preview's painting are not counted; the
camera thread's decoding is not timed either (the frames are decoded between reads).

Prints, per document kind: trials, share read within 2 s, median and p90 time to the
result (a trial never read counts as infinitely slow), results with every line exact,
results wrong and returned valid (must be 0), frames the reader processed (median);
then the per-frame cost of ``read_mrz`` (wall and CPU) and what the processed frames
gave, before and after the document settled. The load average is printed with them:
the figures are wall-clock times on whatever else the machine is running. For
comparison each video is replayed once more with the clock moved by the process's CPU
time instead (roughly the same machine with nothing else running; ``--no-cpu-clock``
skips it). Exit status 1 when any result was wrong and valid::

    .venv/bin/python bench/bench_mrz_live.py                   # 20 trials, ~3–5 min
    .venv/bin/python bench/bench_mrz_live.py --trials 40 --seed 3 --keep /tmp/mrz-videos
    .venv/bin/python bench/bench_mrz_live.py --trials 5 --frames   # each processed frame
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_mrz, bench_mrz_real  # noqa: E402
from operator_app.scanning import mrz_ocr, mrz_zone  # noqa: E402
from operator_app.scanning.mrz import MrzResult, read_mrz  # noqa: E402
from operator_app.scanning.mrz_live import MrzVoter  # noqa: E402

Image = NDArray[np.uint8]
WIDTH, HEIGHT, FPS = 1280, 720, 30.0
TARGET_S = 2.0
ENTRY_S = 0.5  # frames before this are "coming in", after it "held"


# -- the video --------------------------------------------------------------------------


@dataclass(frozen=True)
class Trial:
    index: int
    kind: str  # "TD3" or "TD1"
    lines: tuple[str, ...]
    path: Path
    frames: int
    cap_px: float
    tilt: float
    glare: bool


def _ease(x: float) -> float:
    """0 → 1 with a soft landing (a hand slowing down as it reaches the place)."""
    x = min(max(x, 0.0), 1.0)
    return 1.0 - (1.0 - x) ** 3


def _motion_kernel(dx: float, dy: float) -> NDArray[np.float32] | None:
    """A line kernel for a movement of (dx, dy) px during the exposure; None if < 1 px."""
    length = math.hypot(dx, dy)
    if length < 1.0:
        return None
    size = int(math.ceil(length)) | 1
    kernel = np.zeros((size, size), np.float32)
    c = size // 2
    ux, uy = dx / length, dy / length
    for s in np.linspace(-length / 2, length / 2, max(2, int(length * 2))):
        x, y = int(round(c + s * ux)), int(round(c + s * uy))
        kernel[min(max(y, 0), size - 1), min(max(x, 0), size - 1)] += 1
    return kernel / kernel.sum()


def _wave(rng: np.random.Generator, count: int, freq: tuple[float, float],
          amp: tuple[float, float]) -> list[tuple[float, float, float]]:
    return [(float(rng.uniform(*freq)), float(rng.uniform(*amp)), float(rng.uniform(0, 6.28)))
            for _ in range(count)]


def _at(waves: Sequence[tuple[float, float, float]], t: float) -> float:
    return sum(a * math.sin(2 * math.pi * f * t + p) for f, a, p in waves)


def make_trial(index: int, seed: int, folder: Path) -> Trial:
    """Write trial ``index``'s video into ``folder``; everything drawn from the seed."""
    rng = np.random.default_rng([seed, index])
    kind = "TD1" if index % 4 == 3 else "TD3"
    lines: tuple[str, ...]
    if kind == "TD1":
        lines = bench_mrz_real.td1_lines(rng)
        doc = bench_mrz_real.render_card(rng, lines, 900)
    else:
        lines = bench_mrz.td3_lines(rng)
        doc = bench_mrz.render_page(rng, lines, width=1100, degrade=False)
    frames = int(round(float(rng.uniform(4.0, 6.0)) * FPS))
    background = bench_mrz_real.busy_background(rng, WIDTH, HEIGHT)

    # Size: the capitals cap_px high, measured as bench_mrz_real measures them.
    cap_px = float(rng.uniform(10, 20))
    glyph = doc.shape[1] * (0.88 / (30 if kind == "TD1" else 44)) * 0.98
    scale = cap_px / glyph
    # A camera integrates over its pixels: the page is brought near the size it has in
    # the frame by area averaging, then warped (a small warp, no aliasing).
    doc = np.asarray(cv2.resize(doc, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA),
                     np.uint8)
    dh, dw = doc.shape[:2]
    # Glare on the laminate: a soft bright spot fixed on the page, moving with it.
    glare = bool(rng.random() < 0.35)
    if glare:
        yy, xx = np.mgrid[0:dh, 0:dw].astype(np.float32)
        gy, gx = rng.uniform(0.2, 1.0) * dh, rng.uniform(0.1, 0.9) * dw
        radius = rng.uniform(0.05, 0.15) * dw
        spot = np.exp(-((yy - gy) ** 2 + (xx - gx) ** 2) / (2 * radius ** 2))
        doc = np.clip(doc + spot[:, :, None] * rng.uniform(70, 150), 0, 255).astype(np.uint8)
    layer = np.dstack([doc, np.full((dh, dw), 255, np.uint8)])  # BGRA: alpha = the page

    # Where it is held: inside the frame with a margin; a page taller than the frame
    # keeps its bottom (the MRZ) in view.
    margin = 30
    half_w, half_h = dw / 2, dh / 2
    cx = (float(rng.uniform(half_w + margin, WIDTH - half_w - margin))
          if WIDTH - 2 * margin > dw else WIDTH / 2)
    cy = (float(rng.uniform(half_h + margin, HEIGHT - half_h - margin))
          if HEIGHT - 2 * margin > dh else HEIGHT - margin - half_h)
    # Coming in: from the left, the right or below, from farther away.
    entry_s = float(rng.uniform(0.35, 0.65))
    side = int(rng.integers(3))
    start = [(-1.0, 0.2), (1.0, 0.2), (0.1, 1.0)][side]
    distance = float(rng.uniform(500, 900))
    far = float(rng.uniform(0.65, 0.85))
    roll_in = float(rng.uniform(-12, 12))
    # Held: a slow drift, tremor, roll within ±3°, tilt 5–20° swaying a little.
    drift_x = _wave(rng, 2, (0.15, 0.5), (5, 20))
    drift_y = _wave(rng, 2, (0.15, 0.5), (4, 15))
    tremor_x = _wave(rng, 3, (3, 9), (0.3, 1.2))
    tremor_y = _wave(rng, 3, (3, 9), (0.3, 1.2))
    roll0 = float(rng.uniform(-2, 2))
    roll_w = _wave(rng, 2, (0.2, 1.0), (0.3, 0.8)) + _wave(rng, 1, (4, 8), (0.1, 0.3))
    tilt0 = float(rng.uniform(6, 19))
    tilt_w = _wave(rng, 1, (0.2, 0.6), (0.5, 1.5))
    breathe = _wave(rng, 1, (0.2, 0.5), (0.01, 0.03))
    axis_seed = int(rng.integers(1 << 31))  # _place draws the tilt axis: the same each frame
    exposure = float(rng.uniform(0.4, 1.0))  # of a frame's time (indoor light: long)
    # The camera: lens softness, noise, light falling off to one side, vignetting.
    soft = float(rng.uniform(0.4, 1.0))
    noise = float(rng.uniform(2, 7))
    angle = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    ramp = ((xx - WIDTH / 2) * math.cos(angle) + (yy - HEIGHT / 2) * math.sin(angle)) / WIDTH
    light = 1.0 + ramp * float(rng.uniform(0.3, 0.7))
    light *= 1.0 - 0.35 * (((xx - WIDTH / 2) / WIDTH) ** 2 + ((yy - HEIGHT / 2) / HEIGHT) ** 2)
    light = light[:, :, None].astype(np.float32)
    skin = np.array([int(rng.integers(60, 120)), int(rng.integers(110, 160)),
                     int(rng.integers(170, 225))], np.float32)
    thumb_side = -1.0 if rng.random() < 0.5 else 1.0

    def pose(t: float) -> tuple[float, float, float, float, float]:
        """Centre x, y, scale, roll and tilt at time t."""
        k = _ease(t / entry_s)
        x = cx + start[0] * distance * (1 - k) + _at(drift_x, t) + _at(tremor_x, t)
        y = cy + start[1] * distance * (1 - k) + _at(drift_y, t) + _at(tremor_y, t)
        s = (far + (1 - far) * k) * (1 + _at(breathe, t))
        roll = float(np.clip(roll0 + _at(roll_w, t), -3, 3)) + roll_in * (1 - k)
        tilt = float(np.clip(tilt0 + _at(tilt_w, t), 5, 20))
        return x, y, s, roll, tilt

    path = folder / f"trial-{index:03d}-{kind}.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), FPS, (WIDTH, HEIGHT))
    if not writer.isOpened():
        raise RuntimeError(f"cv2.VideoWriter cannot write MJPG to {path}")
    try:
        for n in range(frames):
            t = n / FPS
            x, y, s, roll, tilt = pose(t)
            canvas = np.zeros((HEIGHT, WIDTH, 4), np.uint8)
            bench_mrz_real._place(np.random.default_rng(axis_seed), canvas, layer, (x, y), s,
                                  roll, tilt)
            # the hand's thumb over the page's edge, halfway up (not on the MRZ)
            rad = math.radians(roll)
            ox, oy = thumb_side * dw / 2 * s, -0.05 * dh * s
            tx = x + ox * math.cos(rad) - oy * math.sin(rad)
            ty = y + ox * math.sin(rad) + oy * math.cos(rad)
            cv2.ellipse(canvas, (int(tx), int(ty)), (int(0.07 * dh * s), int(0.13 * dh * s)),
                        roll, 0, 360, (*skin.tolist(), 255), -1)
            # motion blur of the page along its movement during the exposure
            x0, y0, *_ = pose(t - exposure / FPS / 2)
            x1, y1, *_ = pose(t + exposure / FPS / 2)
            kernel = _motion_kernel(x1 - x0, y1 - y0)
            page = canvas.astype(np.float32)  # premultiplied: the page where alpha is 255
            if kernel is not None:
                page = np.asarray(cv2.filter2D(page, -1, kernel), np.float32)
            alpha = page[:, :, 3:4] / 255.0
            out = background.astype(np.float32) * (1 - alpha) + page[:, :, :3]
            out = cv2.GaussianBlur(out, (0, 0), soft) * light
            out = out * float(1 + rng.uniform(-0.02, 0.02))  # auto exposure hunting
            out = out + rng.standard_normal(out.shape, dtype=np.float32) * noise
            writer.write(np.clip(out, 0, 255).astype(np.uint8))
    finally:
        writer.release()
    return Trial(index, kind, tuple(lines), path, frames, cap_px, tilt0, glare)


# -- the live loop ------------------------------------------------------------------------


@dataclass
class FrameRead:
    index: int  # frame of the video
    at_s: float  # clock when the reader took it
    read_ms: float  # read_mrz (the dialog's reader thread), frame copy included
    cpu_ms: float  # CPU time of the process meanwhile (OpenCV's threads included)
    feed_ms: float  # MrzVoter.feed (the dialog's GUI thread)
    outcome: str  # none / checks fail / exact / wrong (checks hold)
    valid: bool = False  # the frame's own reading was valid (for a wrong one: the voter's job)


@dataclass
class Run:
    trial: Trial
    seconds: float | None  # time to the voted result; None: the video ended first
    exact: bool = False
    valid: bool = False
    uncertain: int = 0  # characters the voted result leaves for the clerk to compare
    reads: list[FrameRead] = field(default_factory=list)


class Camera:
    """The video as a camera: the newest frame at a time; frames in between dropped."""

    def __init__(self, path: Path) -> None:
        self._capture = cv2.VideoCapture(str(path))
        if not self._capture.isOpened():
            raise RuntimeError(f"cv2.VideoCapture cannot open {path}")
        self._next = 0
        self._frame: Image | None = None

    def frame(self, index: int) -> Image | None:
        while self._next <= index:
            if self._next < index:
                ok = self._capture.grab()
            else:
                ok, image = self._capture.read()
                self._frame = np.asarray(image, np.uint8) if ok else None
            self._next += 1
            if not ok:
                return None
        return self._frame

    def close(self) -> None:
        self._capture.release()


def _outcome(result: MrzResult | None, truth: tuple[str, ...]) -> str:
    if result is None:
        return "none"
    if not all(result.checks.values()):
        return "checks fail"
    return "exact" if result.lines == truth else "wrong"


def live(trial: Trial, *, cpu_clock: bool = False) -> Run:
    """The dialog's loop on the video. ``cpu_clock``: the clock moves by the CPU time
    the process spent instead of the wall time — roughly what a machine with nothing
    else running would take (a second replay of the same video, for comparison)."""
    camera = Camera(trial.path)
    voter = MrzVoter()
    run = Run(trial, None)
    clock = 0.0
    try:
        while True:
            index = int(math.floor(clock * FPS))
            if index >= trial.frames:
                break
            frame = camera.frame(index)
            if frame is None:
                break
            cpu = time.process_time()
            started = time.perf_counter()
            taken = frame.copy()  # CameraWorker.last_frame() hands out a copy
            try:
                result = read_mrz(taken, fallback=False)
            except Exception:  # noqa: BLE001 - as the dialog: a frame that chokes is no reading
                result = None
            read_done = time.perf_counter()
            cpu_ms = (time.process_time() - cpu) * 1000
            vote = voter.feed(taken, result)
            fed = time.perf_counter()
            fed_cpu = time.process_time()
            run.reads.append(FrameRead(index, clock, (read_done - started) * 1000, cpu_ms,
                                       (fed - read_done) * 1000, _outcome(result, trial.lines),
                                       result is not None and result.valid))
            clock += (fed_cpu - cpu) if cpu_clock else (fed - started)
            if vote.result is not None:
                run.seconds = clock
                run.exact = vote.result.lines == trial.lines
                run.valid = vote.result.valid
                run.uncertain = len(vote.result.uncertain)
                break
    finally:
        camera.close()
    return run


# -- the table ----------------------------------------------------------------------------


def reader_version() -> str:
    """Which reader was measured: the commit, files of scanning/ changed since, and a
    digest of the reader's sources as this process loaded them."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for module in (mrz_zone, mrz_ocr, sys.modules[read_mrz.__module__],
                   sys.modules[MrzVoter.__module__]):
        digest.update(Path(str(module.__file__)).read_bytes())
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, text=True,
                              capture_output=True, check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--",
                                  "operator_app/scanning"], cwd=root, text=True,
                                 capture_output=True, check=True).stdout.split()
        files = [Path(f).name for f in changed if Path(f).name.startswith("mrz")]
    except (OSError, subprocess.CalledProcessError):
        head, files = "?", []
    edits = f" + uncommitted {', '.join(files)}" if files else ""
    return f"reader at {head}{edits} (sources sha256 {digest.hexdigest()[:12]})"


def _nearest_rank(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _seconds(value: float) -> str:
    return "not read" if math.isinf(value) else f"{value:.2f}"


def _row(name: str, runs: Sequence[Run]) -> str:
    n = len(runs)
    times = [r.seconds if r.seconds is not None else math.inf for r in runs]
    within = sum(t < TARGET_S for t in times)
    read = [r for r in runs if r.seconds is not None]
    wrong_valid = sum(r.valid and not r.exact for r in read)
    frames = statistics.median(len(r.reads) for r in runs)
    return (f"{name:<4} {n:>6} {within / n:>9.0%} {len(read) / n:>6.0%} "
            f"{_seconds(statistics.median(times)):>9} {_seconds(_nearest_rank(times, 0.9)):>9} "
            f"{sum(r.exact for r in read) / n:>6.0%} {sum(r.valid for r in read) / n:>6.0%} "
            f"{wrong_valid:>11} {frames:>7.0f}")


def _ms(values: Sequence[float]) -> str:
    if not values:
        return "—"
    return (f"median {statistics.median(values):5.0f}, p90 {_nearest_rank(values, 0.9):5.0f}, "
            f"max {max(values):5.0f}")


def report(runs: Sequence[Run], idle: Sequence[Run], load_before: tuple[float, ...],
           seed: int, version: str) -> None:
    load_now = os.getloadavg()
    print(f"\nMRZ live read, {WIDTH}x{HEIGHT} MJPG {FPS:.0f} fps videos, seed {seed}; "
          f"{os.cpu_count()} cores, load average {load_before[0]:.1f} at start, "
          f"{load_now[0]:.1f}/{load_now[1]:.1f}/{load_now[2]:.1f} (1/5/15 min) at the end — "
          f"wall-clock times with that load alongside; {version}")
    print(f"{'doc':<4} {'trials':>6} {'in <2 s':>9} {'read':>6} {'median s':>9} {'p90 s':>9} "
          f"{'exact':>6} {'valid':>6} {'wrong+valid':>11} {'frames':>7}")
    for kind in ("TD3", "TD1"):
        subset = [r for r in runs if r.trial.kind == kind]
        if subset:
            print(_row(kind, subset))
    print(_row("all", runs))
    if idle:
        print("the same videos replayed with the clock moved by the process's CPU time "
              "(as on an idle machine, roughly):")
        for kind in ("TD3", "TD1"):
            subset = [r for r in idle if r.trial.kind == kind]
            if subset:
                print(_row(kind, subset))
        print(_row("all", idle))
    reads = [f for r in runs for f in r.reads]
    print(f"\nread_mrz per 720p frame, {len(reads)} frames processed (wall ms): "
          f"{_ms([f.read_ms for f in reads])}")
    print(f"  CPU ms of the process meanwhile:        {_ms([f.cpu_ms for f in reads])}")
    for outcome in ("none", "checks fail", "exact", "wrong"):
        some = [f for f in reads if f.outcome == outcome]
        if some:
            print(f"  frames giving {outcome + ':':<13} {len(some):>4}  wall "
                  f"{_ms([f.read_ms for f in some])};  CPU median "
                  f"{statistics.median(f.cpu_ms for f in some):4.0f}")
    wrong = [f for f in reads if f.outcome == "wrong"]
    if wrong:
        print(f"  frames read wrong with every check holding: {len(wrong)}, of them valid on "
              f"their own (no character in doubt): {sum(f.valid for f in wrong)} — "
              f"outvoted unless a second frame agrees")
    stalled = [f for f in reads if f.read_ms > 2 * f.cpu_ms + 100]
    print(f"  reads that waited for a core (wall > 2 x CPU + 100 ms): {len(stalled)}, "
          f"{sum(f.read_ms - f.cpu_ms for f in stalled) / 1000:.1f} s lost in them")
    print(f"  MrzVoter.feed: {_ms([f.feed_ms for f in reads])}")
    for title, chosen in (("coming in (< 0.5 s)", [f for f in reads if f.index < ENTRY_S * FPS]),
                          ("held (≥ 0.5 s)", [f for f in reads if f.index >= ENTRY_S * FPS])):
        counts = Counter(f.outcome for f in chosen)
        print(f"  {title:<20} {len(chosen):>4} frames: "
              + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    first = [r.reads[0].read_ms / 1000 for r in runs if r.reads]
    if first:
        print(f"  the first frame's read (the frame at 0 s) holds the reader for "
              f"{statistics.median(first):.2f} s median")
    print("\ntrial doc  cap px tilt glare  result                frames  outcomes of the "
          "processed frames (wall ms of the slowest read)")
    for r in runs:
        t = r.trial
        result = "not read" if r.seconds is None else (
            f"{r.seconds:5.2f} s" + ("" if r.exact else " WRONG")
            + (" valid" if r.valid else f" {r.uncertain} in doubt"))
        counts = Counter(f.outcome for f in r.reads)
        slowest = max((f.read_ms for f in r.reads), default=0.0)
        print(f"{t.index:>5} {t.kind}  {t.cap_px:5.1f} {t.tilt:4.0f} {'yes' if t.glare else 'no':>5}"
              f"  {result:<21} {len(r.reads):>6}  "
              + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + f" ({slowest:.0f})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--keep", type=Path, metavar="FOLDER",
                        help="write the videos here and keep them (default: a temporary folder)")
    parser.add_argument("--frames", action="store_true",
                        help="print every processed frame: index, clock, ms, outcome")
    parser.add_argument("--no-cpu-clock", action="store_true",
                        help="skip the second replay of each video on the CPU-time clock")
    args = parser.parse_args(argv)
    if bench_mrz.ocrb_font_path() is None:
        print("OCR-B is not installed (apt-get install fonts-ocr-b)")
        return 2
    load_before = os.getloadavg()
    version = reader_version()  # the modules are loaded: later edits do not change this run
    print(version)
    started = time.perf_counter()
    mrz_ocr.prototypes()  # loaded once per process (the first read of a session pays it)
    print(f"glyph prototypes loaded in {(time.perf_counter() - started) * 1000:.0f} ms "
          "(once per process, not counted in any trial)")
    with tempfile.TemporaryDirectory(prefix="mrz-live-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        runs, idle = [], []
        for index in range(args.trials):
            trial = make_trial(index, args.seed, folder)
            run = live(trial)
            runs.append(run)
            if not args.no_cpu_clock:
                idle.append(live(trial, cpu_clock=True))
            shown = "not read" if run.seconds is None else f"{run.seconds:.2f} s"
            print(f"trial {index:>3} {trial.kind}: {shown}, {len(run.reads)} frames "
                  f"(load {os.getloadavg()[0]:.1f})", flush=True)
            if args.frames:
                for f in run.reads:
                    print(f"      frame {f.index:>3} at {f.at_s:5.2f} s  read {f.read_ms:5.0f} ms"
                          f" (cpu {f.cpu_ms:5.0f})  {f.outcome}")
        report(runs, idle, load_before, args.seed, version)
    if args.keep:
        print(f"videos kept in {args.keep}")
    wrong = sum(r.valid and not r.exact for r in [*runs, *idle] if r.seconds is not None)
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
