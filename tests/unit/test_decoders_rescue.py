"""The rescue steps added after the first hold-out run: each reads a generated frame that
the cascade before them missed, and the cascade without that one step misses too."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from operator_app.scanning import decoders
from operator_app.scanning.decoders import Cascade, Preprocess
from tests.unit.test_decoders import PAYLOAD, H, W, box_of, frame_with, overlap, qr_symbol, texts

NORMALIZED_ZXING = "zxing(regions, ×2, normalized 0.05)"
NORMALIZED_ZBAR = "zbar(regions, ×2, normalized 0.05)"
GLOBAL_HISTOGRAM = "zxing[GlobalHistogram, QR_CODE](as is)"
ENLARGED_FRAME = "zxing[FixedThreshold, QR_CODE, one size](×2)"
NORMALIZED_ZXING_SMALL = "zxing(regions, ×2, normalized 0.03)"
NORMALIZED_FRAME = "zxing(normalized 0.02)"
ZBAR_FRAME = "zbar(as is)"
ZBAR_NORMALIZED_FRAME = "zbar(normalized 0.02)"
NEW_STEPS = (NORMALIZED_ZXING, NORMALIZED_ZBAR, NORMALIZED_ZXING_SMALL, GLOBAL_HISTOGRAM,
             NORMALIZED_FRAME, ENLARGED_FRAME, ZBAR_FRAME, ZBAR_NORMALIZED_FRAME)


# The last resort, WeChat's reader, reads some of what the steps here are for, 20–100×
# slower: each step earns its place by reading the frame before it, so it is left out
# wherever a test asks whether a step is needed.
LAST_RESORT = "wechat(as is)"
LAST_RESORTS = ("wechat(regions, as is)", LAST_RESORT)


def without(cascade: Cascade, *labels: str) -> Cascade:
    """The cascade without the steps ``labels`` and without the last resorts."""
    return Cascade([a for a in cascade.attempts if a.label not in (*labels, *LAST_RESORTS)])


def through_camera(frame: np.ndarray, rng: np.random.Generator, *, blur: float = 0.8,
                   noise: float = 5.0, quality: int = 40) -> np.ndarray:
    frame = cv2.GaussianBlur(frame, (0, 0), blur)
    frame = np.clip(frame + rng.normal(0, noise, frame.shape), 0, 255).astype(np.uint8)
    jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])[1]
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def turned(frame: np.ndarray, where: tuple, angle: float) -> np.ndarray:
    center = ((where[0] + where[2]) / 2, (where[1] + where[3]) / 2)
    turn = cv2.getRotationMatrix2D(center, angle, 1.0)
    return cv2.warpAffine(frame, turn, (W, H), borderMode=cv2.BORDER_REPLICATE)


def glare_code(seed: int) -> tuple[np.ndarray, tuple]:
    """Grey ink on grey paper (ink 60–80 % as bright), a washed-out spot over the code."""
    rng = np.random.default_rng(seed)
    symbol = qr_symbol(module=5)
    paper = int(rng.integers(150, 215))
    ink = int(paper * rng.uniform(0.6, 0.8))
    symbol = np.where(symbol < 128, ink, paper).astype(np.uint8)
    frame, where = frame_with(symbol, x=500, y=200)
    h, w = symbol.shape
    spot = np.zeros((H, W), np.float32)
    center = (int(where[0] + rng.uniform(0.2, 0.8) * w), int(where[1] + rng.uniform(0.2, 0.8) * h))
    axes = (int(w * rng.uniform(0.1, 0.25)), int(h * rng.uniform(0.08, 0.2)))
    cv2.ellipse(spot, center, axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
    spot = cv2.GaussianBlur(spot, (0, 0), w * 0.08)
    spot *= float(rng.uniform(0.7, 0.97)) / max(float(spot.max()), 1e-6)
    lit = frame * (1 - spot[:, :, None]) + 255 * spot[:, :, None]
    frame = turned(lit.astype(np.uint8), where, float(rng.uniform(0, 90)))
    return through_camera(frame, rng, quality=int(rng.integers(30, 60)),
                          noise=float(rng.uniform(3, 7))), where


def tiny_code(seed: int) -> tuple[np.ndarray, tuple]:
    """Modules of 1.5–2.2 px, turned: the first pass does not even locate it."""
    rng = np.random.default_rng(seed)
    module = float(rng.uniform(1.5, 2.2))
    symbol = cv2.resize(qr_symbol(module=1), None, fx=module, fy=module,
                        interpolation=cv2.INTER_AREA)
    frame, where = frame_with(symbol, x=600, y=300)
    frame = turned(frame, where, float(rng.uniform(0, 90)))
    return through_camera(frame, rng, quality=int(rng.integers(30, 60)),
                          noise=float(rng.uniform(3, 6)),
                          blur=float(rng.uniform(0.3, 0.7))), where


def torn_code(seed: int) -> tuple[np.ndarray, tuple]:
    """Scratches and a torn-off corner (the one without a finder pattern)."""
    rng = np.random.default_rng(seed)
    module = 4
    symbol = qr_symbol(module=module)
    size, inner = symbol.shape[0], 4 * module
    for _ in range(int(rng.integers(1, 4))):
        p0 = tuple(int(v) for v in rng.uniform(inner, size - inner, 2))
        p1 = tuple(int(v) for v in rng.uniform(inner, size - inner, 2))
        cv2.line(symbol, p0, p1, int(rng.choice([40, 235])),
                 max(1, int(module * rng.uniform(0.3, 0.9))))
    leg = (size - 2 * inner) * math.sqrt(2 * float(rng.uniform(0.03, 0.10)))
    corner = size - inner
    triangle = np.array([[corner + inner, corner + inner], [corner - leg, corner + inner],
                         [corner + inner, corner - leg]], np.int32)
    cv2.fillPoly(symbol, [triangle], int(rng.integers(60, 140)))
    frame, where = frame_with(symbol)
    frame = turned(frame, where, float(rng.uniform(0, 90)))
    return through_camera(frame, rng, quality=int(rng.integers(30, 60)),
                          noise=float(rng.uniform(3, 6))), where


def step_needed(frame: np.ndarray, where: tuple, step: str) -> None:
    """The cascade reads the frame (outlined on the code); without ``step``, or without
    every step added after the first hold-out run, it does not."""
    cascade = decoders.default_cascade()
    if step not in [a.label for a in cascade.attempts]:
        pytest.skip("libzbar0 is not installed here")
    assert PAYLOAD not in texts(without(cascade, *NEW_STEPS).decode(frame))
    assert PAYLOAD not in texts(without(cascade, step).decode(frame))
    found = cascade.decode(frame)
    assert texts(found) == [PAYLOAD]
    assert overlap(box_of(found[0]), where) > 0.5


def test_the_new_steps_are_all_rescue_steps():
    cascade = decoders.default_cascade()
    labels = [a.label for a in cascade.attempts]
    for step in NEW_STEPS:
        if step in labels:
            assert labels.index(step) >= cascade.first_count


def test_a_torn_code_is_read_on_the_locally_normalized_crop():
    step_needed(*torn_code(15), NORMALIZED_ZXING)


def test_a_tiny_code_is_read_on_the_crop_normalized_over_a_smaller_neighbourhood():
    step_needed(*tiny_code(18), NORMALIZED_ZXING_SMALL)


def test_grey_ink_under_glare_is_read_on_the_locally_normalized_frame():
    step_needed(*glare_code(19), NORMALIZED_FRAME)


def test_a_torn_code_is_read_by_zbar_on_the_locally_normalized_crop():
    step_needed(*torn_code(89), NORMALIZED_ZBAR)


def test_a_tiny_code_not_located_is_read_on_the_frame_enlarged():
    step_needed(*tiny_code(8), ENLARGED_FRAME)


def test_a_torn_code_is_read_with_one_threshold_for_the_frame():
    step_needed(*torn_code(26), GLOBAL_HISTOGRAM)


def test_a_torn_code_zxing_does_not_locate_is_read_by_zbar_on_the_frame():
    step_needed(*torn_code(22), ZBAR_FRAME)


def test_a_torn_code_is_read_by_zbar_on_the_locally_normalized_frame():
    step_needed(*torn_code(235), ZBAR_NORMALIZED_FRAME)


def test_local_normalization_evens_out_the_light():
    # Grey stripes 20 levels deep on a bright half and on a dark half come out alike.
    gray = np.full((80, 160), 60, np.uint8)
    gray[:, 80:] = 200
    gray[::8, :] -= 20
    gray[1::8, :] -= 20
    out = decoders.Cascade([decoders.Attempt(decoders.ZxingDecoder())])._prepare(
        gray, Preprocess(norm=0.1), 1.0)
    left, right = out[20:60, 10:70], out[20:60, 90:150]
    assert abs(float(left.mean()) - float(right.mean())) < 6
    assert abs(float(left.std()) - float(right.std())) < 6
    assert float(left.std()) > 30
    assert Preprocess(scale=2.0, norm=0.05).label == "×2, normalized 0.05"


# -- the last resort -------------------------------------------------------------------


def last_resort_needed(frame: np.ndarray, text: str) -> None:
    """The cascade reads the frame, the last resort being the one step that does."""
    cascade = decoders.default_cascade()
    labels = [a.label for a in cascade.attempts]
    assert tuple(labels[-2:]) == LAST_RESORTS
    assert cascade.attempts[-1].stills_only  # never in the camera loop
    assert text not in texts(without(cascade).decode(frame))
    found = cascade.decode(frame)
    assert texts(found) == [text]
    assert found[0].decoder == "wechat"


def test_the_last_resort_reads_a_torn_code_no_other_step_reads():
    frame, _ = torn_code(369)
    last_resort_needed(frame, PAYLOAD)


@pytest.mark.parametrize("seed", [22, 49])
def test_the_last_resort_reads_an_application_code_on_a_phone_screen(seed: int):
    from bench import bench_decoders

    rng = np.random.default_rng(seed)
    scene = bench_decoders.hard_scene("moire", rng)
    assert scene.text.startswith("GU1:")
    last_resort_needed(bench_decoders.shoot(scene, rng).image, scene.text)


def test_without_the_contrib_module_the_cascade_does_without_it_and_says_why(
        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delattr(cv2, "wechat_qrcode")
    with pytest.raises(decoders.DecoderUnavailable):
        decoders.WeChatDecoder()
    assert "wechat" not in [d.name for d in decoders.available_decoders()]
    labels = [a.label for a in decoders.default_cascade().attempts]
    assert not set(LAST_RESORTS) & set(labels)
    messages = decoders.missing_decoders()
    assert any("opencv-contrib-python-headless" in m for m in messages)
    frame, where = frame_with(qr_symbol())
    assert texts(decoders.default_cascade().decode(frame)) == [PAYLOAD]


# -- a code seen but not read: what the clerk is told -------------------------------------


def washed_out_code() -> np.ndarray:
    """A code on a sheet whose middle a lamp's reflection washed out: its three finder
    patterns are there (zxing locates it), its data is not (no step reads it)."""
    symbol = qr_symbol(module=8)
    frame, where = frame_with(symbol, x=500, y=200)
    h, w = symbol.shape
    spot = np.zeros((H, W), np.float32)
    center = ((where[0] + where[2]) // 2, (where[1] + where[3]) // 2)
    cv2.ellipse(spot, center, (int(w * 0.30), int(h * 0.26)), 20, 0, 360, 1.0, -1)
    spot = cv2.GaussianBlur(spot, (0, 0), 12)
    spot /= float(spot.max())
    return (frame * (1 - spot[:, :, None]) + 255 * spot[:, :, None]).astype(np.uint8)


def test_the_camera_keeps_where_it_saw_a_code_it_could_not_read():
    policy = decoders.FramePolicy(decoders.default_cascade())
    frame = washed_out_code()
    assert policy.decode(frame) == []
    [(x0, y0, x1, y1)] = policy.unread
    assert x0 < 560 < x1
    assert y0 < 260 < y1
    assert decoders.unread_hint(frame, policy.unread) != ""
    frame, _ = frame_with(qr_symbol())
    assert texts(policy.decode(frame)) == [PAYLOAD]
    assert policy.unread == []


def test_the_hint_names_glare_over_grey_paper_and_a_code_too_small():
    rng = np.random.default_rng(5)
    gray = np.where(rng.random((300, 300)) < 0.5, 70, 200).astype(np.uint8)  # ink, paper
    box = (0, 0, 300, 300)
    assert decoders.unread_hint(gray, [box]) == decoders.UNREAD_OTHER
    lit = gray.copy()
    cv2.circle(lit, (150, 150), 40, 255, -1)  # washed out, far above the paper
    assert decoders.unread_hint(lit, [box]) == decoders.UNREAD_GLARE
    # white paper is not glare: a clean printout at full exposure
    white = np.where(rng.random((300, 300)) < 0.5, 20, 255).astype(np.uint8)
    assert decoders.unread_hint(white, [box]) == decoders.UNREAD_OTHER
    assert decoders.unread_hint(gray, [(0, 0, 90, 90)]) == decoders.UNREAD_SMALL
    assert decoders.unread_hint(gray, []) == ""


def test_the_camera_never_runs_a_stills_only_step():
    calls: list[str] = []

    class Spy:
        name = "spy"

        def decode(self, image: np.ndarray) -> list[decoders.Decoded]:
            calls.append("spy")
            return []

    cascade = Cascade([decoders.Attempt(decoders.ZxingDecoder()),
                       decoders.Attempt(Spy(), stills_only=True)])
    frame, _ = frame_with(np.full((80, 80), 255, np.uint8))  # nothing to read
    decoders.FramePolicy(cascade).decode(frame)  # a new picture: the rescue runs
    assert calls == []
    decoders.decode_still(frame, cascade=cascade)
    assert calls
