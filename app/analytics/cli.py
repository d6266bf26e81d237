"""``main.py analyze FILE --config SCENE --out DIR``: analyse a video file without a screen.

    --config SCENE   a scene configuration JSON file (as the scene editor exports it), or
                     camera:ID to use the configuration stored for camera ID
    --camera ID      the camera the results belong to (default: the one named in the config,
                     else a source entry created for the file)
    --out DIR        where summary.json goes (evidence files go to the evidence folder)
    --fps N          analysis rate (default 5 frames per second of video)
    --start TIME     when the video starts (ISO 8601, e.g. 2026-11-20T07:30:00+07:00); the
                     signal schedule and the hourly counts use it (default: the file's time)
    --model NAME     detector bundle (default: the installed road-user detector)
    --no-plates      skip plate reading

Exit 0 when done, 1 when cancelled (Ctrl-C: what was found so far is kept), 2 on an error.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli_support import parse_args
from app.hashing import sha256_file

if TYPE_CHECKING:
    from app.analytics.batch import BatchProgress
    from app.analytics.channel import PlateFn
    from app.analytics.detector import Detector
    from app.analytics.scene import SceneConfig
    from app.analytics.sink import AnalyticsSink
    from app.bootstrap import CoreServices

EXIT_OK, EXIT_CANCELLED, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py analyze",
                                     description="Analyse a video file: counts, events and "
                                                 "violations into the database.")
    parser.add_argument("file", type=Path)
    parser.add_argument("--config", required=True)
    parser.add_argument("--camera", type=int)
    parser.add_argument("--out", type=Path, default=Path("analysis-out"))
    parser.add_argument("--fps", type=float, default=5.0)
    parser.add_argument("--start")
    parser.add_argument("--model")
    parser.add_argument("--no-plates", action="store_true")
    return parser


def _progress_printer() -> Callable[[BatchProgress], None]:
    tty = sys.stderr.isatty()
    last = [0.0]

    def show(p: BatchProgress) -> None:
        share = p.frames_done / p.frames_total if p.frames_total else 0.0
        bar = "#" * int(share * 30)
        line = (f"[{bar:<30}] {share:4.0%}  {p.frames_done}/{p.frames_total} frames  "
                f"{p.seconds_done:6.1f} s of video  {p.violations} violations")
        if tty:
            print("\r" + line, end="", file=sys.stderr, flush=True)
        elif share - last[0] >= 0.1 or share >= 1.0:
            last[0] = share
            print(line, file=sys.stderr, flush=True)
    return show


def run_analyze(argv: list[str]) -> int:
    args = parse_args(_parser(), argv)
    if isinstance(args, int):
        return args
    if not args.file.is_file():
        print(f"error: {args.file} does not exist", file=sys.stderr)
        return EXIT_ERROR
    if not 0.2 <= args.fps <= 30:
        print("error: --fps must be between 0.2 and 30", file=sys.stderr)
        return EXIT_ERROR
    try:
        start_epoch = (datetime.fromisoformat(args.start).timestamp() if args.start
                       else args.file.stat().st_mtime)
    except ValueError:
        print(f"error: --start {args.start!r} is not an ISO 8601 time", file=sys.stderr)
        return EXIT_ERROR

    from app.analytics.batch import BatchError, analyse_file, write_summary
    from app.analytics.scene import SceneError
    from app.bootstrap import models_dir, open_core
    from app.models.errors import ModelStoreError
    from app.paths import AppPaths
    from app.storage.errors import StorageError

    try:
        core = open_core(AppPaths.from_env().ensure())
    except StorageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        scene, camera_id = _scene_and_camera(args, core)
        detector, plate_reader = _models(core, models_dir(core), args)
        sink = _sink(core)
        summary = analyse_file(args.file, scene, detector, sink, camera_id,
                               analysis_fps=args.fps, start_epoch=start_epoch,
                               plate_reader=plate_reader,
                               progress=_progress_printer())
    except KeyboardInterrupt:
        print("\ncancelled", file=sys.stderr)
        return EXIT_CANCELLED
    except (BatchError, SceneError, ModelStoreError, StorageError, OSError) as exc:
        print(f"\nerror: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        core.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    target = write_summary(summary, args.out)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(summary.counts.items())) or "none"
    print(f"{summary.analysed_frames} frames analysed ({summary.duration_s:.1f} s of video) "
          f"in {summary.wall_time_s:.1f} s; counts: {counts}; violations: "
          f"{summary.violations}; events: {summary.events}; summary: {target}")
    return EXIT_OK


def _scene_and_camera(args: argparse.Namespace, core: CoreServices) -> tuple[SceneConfig, int]:
    from app.analytics.config_store import SceneStore
    from app.analytics.scene import SceneConfig, SceneError

    db = core.database
    camera_id = args.camera
    if args.config.startswith("camera:"):
        source = int(args.config.split(":", 1)[1])
        stored = SceneStore(db).get(source)
        if stored is None:
            raise SceneError(f"camera #{source} has no scene configuration")
        return stored.scene, camera_id or source
    path = Path(args.config)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SceneError(f"{path} cannot be read as a scene configuration: {exc}") from None
    if not isinstance(data, dict):
        raise SceneError(f"{path} is not a scene configuration (a JSON object)")
    scene = SceneConfig.from_columns(data.get("lines"), data.get("zones"), data.get("lanes"),
                                     data.get("stop_line"), data.get("signal"),
                                     data.get("options"))
    camera_id = camera_id or data.get("camera_id") or _file_source(core, args.file)
    return scene, int(camera_id)


def _file_source(core: CoreServices, file: Path) -> int:
    """A disabled camera entry standing for the file, so results have a source to belong to."""
    import sqlalchemy as sa

    from app.storage.models import Camera

    db = core.database
    key = f"file:{sha256_file(file)[:16]}"
    with db.session() as session:
        found = session.scalar(sa.select(Camera.id).where(Camera.host == key))
        if found is not None:
            return int(found)
        row = Camera(name=f"Tệp: {file.name}"[:200], host=key, port=0, purpose="traffic",
                     enabled=False, tags=["imported"], notes=str(file))
        session.add(row)
        session.flush()
        return int(row.id)


def _models(core: CoreServices, folder: Path, args: argparse.Namespace
            ) -> tuple[Detector, PlateFn | None]:
    from app.analytics.detector import Detector
    from app.analytics.plates import PlateReader
    from app.models.cache import CompiledModelCache
    from app.models.errors import ModelStoreError
    from app.models.store import ModelStore

    store = ModelStore(folder)
    cache = CompiledModelCache(core.paths.cache_dir / "openvino")
    if args.model:
        bundle = store.get(args.model)
    else:
        found = store.find_by_task("detection.road_users")
        if not found:
            raise ModelStoreError("no road-user detection model is installed (install one: "
                                  "main.py models install --from FOLDER)")
        bundle = found[0]
    detector = Detector(bundle, cache, jobs=1)
    plate_reader: PlateFn | None = None
    if not args.no_plates:
        try:
            plate_reader = PlateReader(store, cache).read
        except ModelStoreError as exc:
            print(f"warning: plates are not read: {exc}", file=sys.stderr)
    return detector, plate_reader


def _sink(core: CoreServices) -> AnalyticsSink:
    from app.analytics.sink import AnalyticsSink
    from app.security.audit import AuditTrail

    return AnalyticsSink(core.database, AuditTrail(core.database), core.paths.evidence_dir)
