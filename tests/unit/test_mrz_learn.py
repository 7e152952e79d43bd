"""The learned second opinion on MRZ cells (operator_app/scanning/mrz_learn.py).

The network is trained on cells the reader itself cut from generated blocks; these
tests hold that the stored weights belong to the training code, and that on cells
harvested anew (another seed, never trained on) the network and the correlation
together read more cells right than the correlation alone — most of all in small
print, where look-alikes (E/F, G/Q, D/O) part.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from operator_app.scanning import mrz, mrz_learn, mrz_ocr, mrz_zone

pytestmark = pytest.mark.skipif(mrz.ocrb_font_path() is None,
                                reason="OCR-B font missing: apt-get install fonts-ocr-b")


def test_the_stored_network_is_this_module_s() -> None:
    """A changed training recipe without retraining (python -m
    operator_app.scanning.mrz_learn) would leave the reader on the correlation alone."""
    assert mrz_learn.NET_FILE.is_file()
    assert mrz_learn.network() is not None, "glyph_net.npz is stale: retrain"


@pytest.fixture(scope="module")
def fresh_cells() -> tuple[np.ndarray, np.ndarray]:
    return mrz_learn.harvest(24, seed=4242)


def test_the_network_reads_cells_it_never_saw(fresh_cells) -> None:
    patches, labels = fresh_cells
    net = mrz_learn.network()
    assert net is not None
    assert len(labels) > 300
    alone = mrz_learn.accuracy(net, patches, labels)
    assert alone > 0.95


def test_network_and_correlation_beat_the_correlation_alone(fresh_cells, monkeypatch) -> None:
    patches, labels = fresh_cells
    with_net = float((mrz_ocr._classify(patches).argmax(axis=1) == labels).mean())
    monkeypatch.setattr(mrz_ocr, "USE_NETWORK", False)
    without = float((mrz_ocr._classify(patches).argmax(axis=1) == labels).mean())
    # errors at least a third fewer
    assert (1 - with_net) < 0.67 * (1 - without), (with_net, without)


def test_look_alikes_in_small_print_part(monkeypatch) -> None:
    """Cells of 5–6.5 px capitals, blurred, JPEG 60, holding only look-alike letters: the network's opinion
    reads them better than the correlation alone."""
    rng = np.random.default_rng(77)
    pairs = "EFGQDOB8"
    font = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
    patches, labels = [], []
    for _ in range(12):
        lines = ["".join(rng.choice(list(pairs), 44)) for _ in range(2)]
        block, cap = mrz_learn._render_block(rng, lines, font)
        scene = _small(rng, block, cap)
        for zone in mrz_zone.find_zones(scene, limit=2):
            if zone.cells != 44:
                continue
            reads = mrz_ocr.read_zone(zone)
            if not reads:
                continue
            for read, truth in zip(reads[0][0], lines, strict=True):
                if read.patches is not None and sum(
                        a == b for a, b in zip(read.text, truth, strict=True)) > 22:
                    patches.append(read.patches)
                    labels.append([mrz_ocr.CLASSES.index(c) for c in truth])
            break
    assert len(patches) >= 6
    cells = np.concatenate(patches)
    truth = np.concatenate(labels)
    with_net = float((mrz_ocr._classify(cells).argmax(axis=1) == truth).mean())
    monkeypatch.setattr(mrz_ocr, "USE_NETWORK", False)
    without = float((mrz_ocr._classify(cells).argmax(axis=1) == truth).mean())
    # measured: 0.80 with the network, 0.23 without
    assert with_net > without + 0.3, (with_net, without)


def _small(rng: np.random.Generator, block: np.ndarray, cap: float) -> np.ndarray:
    target = float(rng.uniform(5, 6.5))
    factor = target / cap
    blurred = cv2.GaussianBlur(block.astype(np.float32), (0, 0), 0.45 / factor)
    small = cv2.resize(blurred, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    page = np.full((small.shape[0] + 200, small.shape[1] + 200), 235.0, np.float32)
    page[100:100 + small.shape[0], 100:100 + small.shape[1]] = small * (235 / 255)
    page = cv2.GaussianBlur(page, (0, 0), 0.7) + rng.normal(0, 6, page.shape)
    ok, data = cv2.imencode(".jpg", np.clip(page, 0, 255).astype(np.uint8),
                            [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert ok
    return np.asarray(cv2.imdecode(data, cv2.IMREAD_GRAYSCALE), dtype=np.uint8)
