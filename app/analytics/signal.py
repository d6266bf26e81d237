"""The traffic light's state: read from the colour of its region, or from a fixed cycle.

Colour reading counts bright, saturated pixels of each hue in the marked region; a lit lamp is
a small bright blob, so shares are taken of the region's pixels and compared with a minimum.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from enum import StrEnum

import cv2
import numpy as np

from app.analytics.scene import SignalConfig

VIETNAM = timezone(timedelta(hours=7))


class LightState(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    UNKNOWN = "unknown"


def light_from_colour(region_bgr: np.ndarray, min_share: float = 0.01) -> LightState:
    if region_bgr.size == 0:
        return LightState.UNKNOWN
    hsv = cv2.cvtColor(region_bgr, cv2.COLOR_BGR2HSV)
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    lit = (s >= 90) & (v >= 140)
    total = float(h.size)
    shares = {
        LightState.RED: float(np.count_nonzero(lit & ((h <= 8) | (h >= 170)))) / total,
        LightState.YELLOW: float(np.count_nonzero(lit & (h >= 15) & (h <= 35))) / total,
        LightState.GREEN: float(np.count_nonzero(lit & (h >= 45) & (h <= 95))) / total,
    }
    best = max(shares, key=lambda k: shares[k])
    return best if shares[best] >= min_share else LightState.UNKNOWN


def light_from_schedule(signal: SignalConfig, epoch_s: float) -> LightState:
    """Red for ``red_s`` seconds from ``offset_s`` (seconds after local midnight), every
    ``cycle_s`` seconds; green otherwise (yellow is folded into green: not an offence)."""
    if not signal.cycle_s or not signal.red_s:
        return LightState.UNKNOWN
    local = datetime.fromtimestamp(epoch_s, VIETNAM)
    seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
    phase = (seconds - signal.offset_s) % signal.cycle_s
    return LightState.RED if phase < signal.red_s else LightState.GREEN


class SignalReader:
    """Keeps the last certain state for a few frames when a reading is unsure (a lamp flickers
    at the camera's shutter speed)."""

    def __init__(self, signal: SignalConfig | None, roi_px: tuple[int, int, int, int] | None,
                 hold_s: float = 1.0) -> None:
        self.signal = signal
        self.roi = roi_px
        self.hold_s = hold_s
        self._last = LightState.UNKNOWN
        self._last_at = -1e18

    def read(self, epoch_s: float, image_bgr: np.ndarray | None) -> LightState:
        state = LightState.UNKNOWN
        if self.roi is not None and image_bgr is not None:
            x0, y0, x1, y1 = self.roi
            state = light_from_colour(image_bgr[y0:y1, x0:x1])
        if state is LightState.UNKNOWN and self.signal is not None and self.signal.cycle_s:
            state = light_from_schedule(self.signal, epoch_s)
        if state is LightState.UNKNOWN:
            if epoch_s - self._last_at <= self.hold_s:
                return self._last
            return LightState.UNKNOWN
        self._last, self._last_at = state, epoch_s
        return state
