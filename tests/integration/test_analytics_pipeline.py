"""The live pipeline end to end: a simulated camera's stream through the hub, a capture
process, the shared detector and the rules; a killed capture process is restarted."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from app.analytics.channel import ChannelUpdate
from app.analytics.detector import Detector
from app.analytics.pipeline import AnalysisPipeline
from app.analytics.scene import CountingLine, SceneConfig
from app.models.cache import CompiledModelCache
from app.models.store import ModelStore
from app.sim.farm import SimulatorFarm
from app.video.hub import StreamHub
from tests.models_support import ROAD_USERS, models_folder, needs_road_users

pytestmark = needs_road_users


@pytest.fixture
def pipeline(tmp_path: Path) -> Iterator[AnalysisPipeline]:
    folder = models_folder()
    assert folder is not None
    store = ModelStore(tmp_path / "models")
    assert store.install_from_folder(folder, names={ROAD_USERS}).ok
    detector = Detector(store.get(ROAD_USERS), CompiledModelCache(tmp_path / "cache"))
    running = AnalysisPipeline(detector, None, stall_s=4.0)
    running.start()
    yield running
    running.stop()


def _wait(predicate, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_simulated_camera_is_analysed_live_and_survives_a_capture_crash(
        sim_farm: SimulatorFarm, pipeline: AnalysisPipeline) -> None:
    camera = sim_farm.cameras[0]
    updates: list[tuple[int, ChannelUpdate, np.ndarray]] = []
    lock = threading.Lock()

    def collect(camera_id: int, update: ChannelUpdate, frame: np.ndarray) -> None:
        with lock:
            updates.append((camera_id, update, frame))

    pipeline.subscribe(collect)
    with StreamHub() as hub:
        url = hub.register("cam0-sub", camera.rtsp_sub)
        scene = SceneConfig(lines=(CountingLine("mid", (0.0, 0.5), (1.0, 0.5)),))
        pipeline.add_channel(7, url, scene, analysis_fps=5)
        assert _wait(lambda: len(updates) >= 10), pipeline.status()
        with lock:
            camera_id, _, frame = updates[-1]
        assert camera_id == 7 and frame.ndim == 3 and frame.std() > 5  # real video
        assert any(u.frame.tracks for _, u, _ in updates), "nothing tracked in the footage"
        status = pipeline.status()[0]
        assert status.state == "running" and status.frames_analysed >= 10

        # Kill the capture process: the supervisor starts a new one and frames flow again.
        process = pipeline._channels[7].capture.process  # the crash this test stages
        assert process is not None
        process.kill()
        assert _wait(lambda: pipeline.status()[0].restarts >= 1)
        before = pipeline.status()[0].frames_analysed
        assert _wait(lambda: pipeline.status()[0].frames_analysed > before + 5), \
            pipeline.status()
        pipeline.remove_channel(7)
    assert pipeline.channels() == []
