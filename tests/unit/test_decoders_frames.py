"""The rescue steps for the hold-out set's troubles, and the camera's per-frame policy."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from operator_app.scanning import decoders
from operator_app.scanning.decoders import (
    Attempt,
    Cascade,
    Decoded,
    FramePolicy,
    Preprocess,
    ZxingDecoder,
    camera_decoder,
)
from tests.unit.test_decoders import (
    PAYLOAD,
    TRACKING,
    H,
    W,
    box_of,
    code128_symbol,
    desk,
    frame_with,
    overlap,
    paper_without_code,
    qr_symbol,
    texts,
)
from tests.unit.test_decoders_rescue import LAST_RESORTS, NEW_STEPS


def camera(frame: np.ndarray, seed: int, quality: int = 80) -> np.ndarray:
    """The same view as a webcam gives it again: fresh sensor noise and JPEG."""
    noise = np.random.default_rng(seed).normal(0, 3, frame.shape)
    noisy = np.clip(frame + noise, 0, 255).astype(np.uint8)
    return cv2.imdecode(cv2.imencode(".jpg", noisy, [cv2.IMWRITE_JPEG_QUALITY, quality])[1],
                        cv2.IMREAD_COLOR)


def inverted_code() -> tuple[np.ndarray, tuple]:
    """Light modules on a dark card, as a phone in dark mode shows the code."""
    return frame_with(255 - qr_symbol(module=5))


def tiny_code() -> tuple[np.ndarray, tuple]:
    """A code with 1.5 px modules (37 px across), turned, a little soft, JPEG 50."""
    symbol = cv2.resize(qr_symbol(module=1), None, fx=1.5, fy=1.5,
                        interpolation=cv2.INTER_AREA)
    frame, where = frame_with(symbol, x=600, y=300)
    cx, cy = (where[0] + where[2]) / 2, (where[1] + where[3]) / 2
    turn = cv2.getRotationMatrix2D((cx, cy), 23, 1.0)
    frame = cv2.warpAffine(frame, turn, (W, H), borderMode=cv2.BORDER_REPLICATE)
    frame = cv2.GaussianBlur(frame, (0, 0), 0.5)
    rng = np.random.default_rng(1)
    frame = np.clip(frame + rng.normal(0, 5, frame.shape), 0, 255).astype(np.uint8)
    jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 50])[1]
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR), where


def damaged_code(seed: int = 2, module: int = 3) -> np.ndarray:
    """A code with three scratches and two stains, a little soft, JPEG 60."""
    rng = np.random.default_rng(seed)
    symbol = qr_symbol(module=module)
    size, quiet = symbol.shape[0], 4 * module
    for _ in range(3):
        p0 = tuple(int(v) for v in rng.uniform(quiet, size - quiet, 2))
        p1 = tuple(int(v) for v in rng.uniform(quiet, size - quiet, 2))
        cv2.line(symbol, p0, p1, int(rng.choice([40, 235])),
                 max(1, int(module * rng.uniform(0.4, 0.9))))
    stain = np.zeros(symbol.shape, np.float32)
    for _ in range(2):
        center = tuple(int(v) for v in rng.uniform(quiet, size - quiet, 2))
        cv2.circle(stain, center, int(size * rng.uniform(0.08, 0.14)), 1.0, -1)
    stain = cv2.GaussianBlur(stain, (0, 0), module * 1.5) * float(rng.uniform(0.35, 0.55))
    symbol = (symbol * (1 - stain) + 110 * stain).astype(np.uint8)
    frame, _ = frame_with(symbol)
    frame = cv2.GaussianBlur(frame, (0, 0), 0.8)
    return cv2.imdecode(cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 60])[1],
                        cv2.IMREAD_COLOR)


def previous_cascade() -> Cascade:
    """The cascade before these rescue steps (as the benchmark has it)."""
    zxing = ZxingDecoder()
    steps = [Attempt(zxing), Attempt(zxing, Preprocess(scale=2.0, clahe=2.0), regions=True)]
    zbar = decoders.ZbarDecoder() if not decoders.missing_decoders() else None
    if zbar is not None:
        steps.append(Attempt(zbar, Preprocess(clahe=2.0), regions=True))
    steps += [Attempt(zxing, Preprocess(scale=0.5, blur=0.7)),
              Attempt(ZxingDecoder(binarizer="FixedThreshold"))]
    if zbar is not None:
        steps.append(Attempt(zbar, Preprocess(scale=0.5)))
    return Cascade(steps)


def without(cascade: Cascade, *labels: str) -> Cascade:
    """The cascade without the steps ``labels`` and without the last resorts (see
    test_decoders_rescue.LAST_RESORTS)."""
    return Cascade([a for a in cascade.attempts if a.label not in (*labels, *LAST_RESORTS)])


# -- rescue steps ----------------------------------------------------------------------


def test_light_on_dark_codes_are_read_on_the_first_pass():
    frame, where = inverted_code()
    assert previous_cascade().decode(frame) == []
    cascade = decoders.default_cascade()
    found, _ = cascade.first_pass(frame)
    assert texts(found) == [PAYLOAD]
    assert overlap(box_of(found[0]), where) > 0.8


def test_tiny_codes_are_located_by_the_fixed_threshold_and_read_enlarged():
    frame, where = tiny_code()
    cascade = decoders.default_cascade()
    locate = "zxing[FixedThreshold, QR_CODE](as is)"  # in the first pass
    enlarge = "zxing[FixedThreshold, QR_CODE](regions, to 400 px)"
    labels = [a.label for a in cascade.attempts]
    assert labels.index(locate) < cascade.first_count
    assert enlarge in labels
    assert previous_cascade().decode(frame) == []
    # the steps added after the first hold-out run read it too (each on its own)
    assert without(cascade, locate, enlarge, *NEW_STEPS).decode(frame) == []
    assert without(cascade, enlarge, *NEW_STEPS).decode(frame) == []
    found = cascade.decode(frame)
    assert texts(found) == [PAYLOAD]
    assert overlap(box_of(found[0]), where) > 0.5  # the crop's ×4 and offset undone


def test_scratched_and_stained_codes_are_read_by_zbar_on_the_enlarged_crop():
    frame = damaged_code()
    cascade = decoders.default_cascade()
    step = "zbar(regions, to 400 px)"
    if step not in [a.label for a in cascade.attempts]:
        pytest.skip("libzbar0 is not installed here")
    assert previous_cascade().decode(frame) == []
    # the steps added after the first hold-out run read it too (each on its own)
    assert without(cascade, step, *NEW_STEPS).decode(frame) == []
    assert texts(cascade.decode(frame)) == [PAYLOAD]


def test_enlarging_to_fit_is_capped_and_never_shrinks():
    pre = Preprocess(fit=400)
    assert pre.scale_for(50, 40) == decoders.MAX_FIT_SCALE
    assert pre.scale_for(200, 100) == 2.0
    assert pre.scale_for(900, 500) == 1.0


# -- the camera's policy ---------------------------------------------------------------


class Counting:
    """A real decoder that counts how often it is asked."""

    def __init__(self, decoder: decoders.BarcodeDecoder) -> None:
        self.decoder = decoder
        self.name = decoder.name
        self.calls = 0

    def decode(self, image: np.ndarray) -> list[Decoded]:
        self.calls += 1
        return self.decoder.decode(image)


def counted(cascade: Cascade) -> tuple[Cascade, list[Counting]]:
    """The cascade with every rescue step's decoder counted."""
    first = list(cascade.attempts[:cascade.first_count])
    rescue = [Attempt(Counting(a.decoder), a.preprocess, a.regions)
              for a in cascade.attempts[cascade.first_count:]]
    return Cascade(first + rescue), [a.decoder for a in rescue]  # type: ignore[misc]


@pytest.mark.parametrize("scene", ["desk", "paper"])
def test_a_steady_view_without_a_code_runs_no_rescue_step(scene: str):
    view = desk() if scene == "desk" else paper_without_code()
    cascade, rescue = counted(decoders.default_cascade())
    policy = FramePolicy(cascade)
    assert policy.decode(camera(view, 0)) == []  # the first frame is a new picture
    after_first = [d.calls for d in rescue]
    for seed in range(1, 8):
        assert policy.decode(camera(view, seed)) == []
    assert [d.calls for d in rescue] == after_first
    assert policy.rescues == 1


class Blind:
    """A first pass that neither reads nor locates anything."""

    name = "blind"

    def decode(self, image: np.ndarray) -> list[Decoded]:
        return []


def test_a_new_picture_runs_the_rescue_once():
    rescue = Counting(ZxingDecoder())
    policy = FramePolicy(Cascade([Attempt(Blind()), Attempt(rescue)]))
    view = desk()
    policy.decode(camera(view, 0))
    policy.decode(camera(view, 1))
    assert rescue.calls == 1
    code, _ = frame_with(qr_symbol())  # the same desk, a code put on it
    assert texts(policy.decode(camera(code, 2))) == [PAYLOAD]
    assert rescue.calls == 2


def test_the_camera_adjusting_its_exposure_is_not_a_new_picture():
    rescue = Counting(ZxingDecoder())
    policy = FramePolicy(Cascade([Attempt(Blind()), Attempt(rescue)]))
    view = desk()
    policy.decode(camera(view, 0))
    brighter = np.clip(view.astype(np.float32) * 1.06 + 5, 0, 255).astype(np.uint8)
    shifted = np.roll(view, 2, axis=1)  # a hand's tremor
    policy.decode(camera(brighter, 1))
    policy.decode(camera(shifted, 2))
    assert rescue.calls == 1


class SeesButCannotRead:
    """Locates the code like zxing on a glare frame, and reads nothing."""

    name = "locator"

    def decode(self, image: np.ndarray) -> list[Decoded]:
        return []

    def decode_and_locate(self, image: np.ndarray) -> tuple[list[Decoded], list[tuple]]:
        return [], [code.points for code in ZxingDecoder().decode(image)]


def test_a_located_code_is_rescued_on_every_frame_of_a_steady_view():
    rescue = Counting(ZxingDecoder())
    policy = FramePolicy(Cascade([Attempt(SeesButCannotRead()),
                                  Attempt(rescue, Preprocess(scale=2.0), regions=True)]))
    frame, _ = frame_with(qr_symbol(module=5))
    for seed in range(3):
        assert texts(policy.decode(camera(frame, seed))) == [PAYLOAD]
    assert rescue.calls == 3
    assert policy.rescues == 3


def test_the_camera_worker_puts_a_cascade_behind_the_policy():
    cascade = decoders.default_cascade()
    wrapped = camera_decoder(cascade)
    assert isinstance(wrapped, FramePolicy)
    assert wrapped.cascade is cascade
    single = ZxingDecoder()
    assert camera_decoder(single) is single


def test_the_policy_reads_what_the_cascade_reads_on_a_new_picture():
    frame, _ = tiny_code()
    assert texts(FramePolicy(decoders.default_cascade()).decode(frame)) == [PAYLOAD]


def test_a_tracking_label_held_upright_is_read_when_it_comes_into_view():
    # The first pass reads 1-D codes near horizontal only (the search across columns is
    # most of its cost); the rescue, run on a new picture, reads them at any angle.
    label = np.ascontiguousarray(np.rot90(code128_symbol(TRACKING)))
    frame, _ = frame_with(label, x=600, y=100)
    cascade = decoders.default_cascade()
    assert cascade.first_pass(frame)[0] == []
    policy = FramePolicy(cascade)
    policy.decode(camera(desk(), 0))
    assert texts(policy.decode(frame)) == [TRACKING]
