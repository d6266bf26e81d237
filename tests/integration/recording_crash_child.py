"""Child process for the crash test: records channels through a stream hub until killed.

    python -m tests.integration.recording_crash_child DB_URL ROOT SEGMENT_S KEY=URL:CAMERA ...
"""
from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from app.recording.dto import ChannelConfig
from app.recording.service import RecordingService, RecordingSettings
from app.storage.database import Database
from app.video.hub import StreamHub


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    db_url, root, segment_s, *channels = argv
    db = Database.open(db_url)
    hub = StreamHub()
    hub.start()
    service = RecordingService(db, hub, RecordingSettings(Path(root), min_free_bytes=1 << 20,
                                                          retention_interval_s=0))
    service.start()
    for spec in channels:
        key, rest = spec.split("=", 1)
        url, camera = rest.rsplit("@", 1)
        service.start_channel(ChannelConfig(int(camera), segment_s=int(segment_s)), key, url)
    print("recording", flush=True)
    threading.Event().wait()  # until killed
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
