"""Evidence export: a time range of one or more sources → MP4 files + manifest.json in a zip.

Segments are joined with ffmpeg's concat demuxer and copied (`-c copy`), so the pictures are
the recorded ones bit for bit; only a burned-in timestamp or watermark needs a re-encode.
Each contiguous stretch becomes one MP4, so a gap never shifts a burned-in clock. The zip is
written next to its destination and renamed into place only when complete; a cancelled or
failed export leaves nothing behind. Every export is checked against EXPORT_EVIDENCE per
camera and written to the audit trail; with a case number the exported ranges are also held
from retention.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path

from app.hashing import sha256_file
from app.recording.dto import RecordedRange, SourceKind, SourceRef
from app.recording.errors import ExportCancelled, RecordingError
from app.recording.index import SegmentIndex
from app.recording.manifest import FORMAT, MANIFEST_NAME, PRODUCT, software_version
from app.recording.timeline import PlaybackCatalog
from app.reports.fonts import FontMissingError, report_font_file
from app.security.audit import AuditAction, AuditTrail
from app.security.permissions import Permission, Principal, require
from app.storage.database import Database
from app.storage.models import Camera
from app.storage.types import utc_now

log = logging.getLogger(__name__)

VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")  # no daylight saving
MAX_EXPORT = timedelta(hours=24)
Progress = Callable[[float, str], None]  # fraction 0..1, what is being done


@dataclass(frozen=True)
class ExportRequest:
    sources: tuple[SourceRef, ...]
    start: datetime
    end: datetime
    destination: Path  # the .zip to write
    case_number: str = ""
    burn_timestamp: bool = False
    watermark: bool = False
    display_tz: tzinfo = field(default=VIETNAM_TIME)


@dataclass(frozen=True)
class ExportedFile:
    name: str
    source: SourceRef
    start: datetime
    end: datetime
    sha256: str
    size: int


@dataclass(frozen=True)
class ExportResult:
    zip_path: Path
    files: tuple[ExportedFile, ...]
    manifest: dict[str, object]


def find_font() -> Path:
    """DejaVu Sans, as the PDF reports use it (it has every Vietnamese letter and mark)."""
    try:
        return report_font_file()
    except FontMissingError as exc:
        raise RecordingError(f"The watermark cannot be drawn: {exc}") from None


class ExportService:
    def __init__(self, db: Database, audit: AuditTrail, *, ffmpeg: str = "ffmpeg",
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._audit = audit
        self._catalog = PlaybackCatalog(db)
        self._index = SegmentIndex(db)
        self._ffmpeg = ffmpeg
        self._clock = clock

    def export(self, actor: Principal | None, request: ExportRequest,
               progress: Progress | None = None,
               cancel: threading.Event | None = None) -> ExportResult:
        report = progress or (lambda _f, _m: None)
        cancel = cancel or threading.Event()
        actor = self._check(actor, request)
        plan = [(source, r) for source in request.sources
                for r in self._catalog.ranges([source], request.start, request.end)]
        if not plan:
            raise RecordingError("There is no footage from the chosen sources in this time "
                                 "range.")
        total = sum((r.end - r.start).total_seconds() for _s, r in plan) or 1.0
        destination = request.destination
        work = Path(tempfile.mkdtemp(prefix=".export-", dir=destination.parent))
        try:
            files: list[ExportedFile] = []
            done = 0.0
            counters: dict[SourceRef, int] = {}
            for source, stretch in plan:
                counters[source] = counters.get(source, 0) + 1
                name = f"{source.label}_{_stamp(stretch.start, request.display_tz)}"
                name += f"_{counters[source]:02d}.mp4"
                out = work / name
                length = (stretch.end - stretch.start).total_seconds()
                base = done

                def on_time(seconds: float, _base: float = base, _name: str = name) -> None:
                    report(min(0.95, (_base + seconds) / total * 0.95), _name)

                self._encode(source, stretch, out, request, actor, on_time, cancel, work)
                done += length
                files.append(ExportedFile(name, source, stretch.start, stretch.end,
                                          sha256_file(out), out.stat().st_size))
            report(0.96, MANIFEST_NAME)
            manifest = self._manifest(actor, request, files)
            (work / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False,
                                                         indent=2), encoding="utf-8")
            _cancelled(cancel)
            self._zip(work, [f.name for f in files], destination)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        result = ExportResult(destination, tuple(files), manifest)
        self._record(actor, request, result)
        report(1.0, destination.name)
        return result

    # ----- checks --------------------------------------------------------------------------
    def _check(self, actor: Principal | None, request: ExportRequest) -> Principal:
        if not request.sources:
            raise RecordingError("Choose at least one camera or imported file to export.")
        for source in request.sources:
            actor = require(actor, Permission.EXPORT_EVIDENCE,
                            source.id if source.kind is SourceKind.CAMERA else None)
        assert actor is not None
        if request.start.tzinfo is None or request.end.tzinfo is None:
            raise RecordingError("The export time range needs a time zone.")
        if request.end <= request.start:
            raise RecordingError("The end of the export range must be after its start.")
        if request.end - request.start > MAX_EXPORT:
            raise RecordingError("An export can cover at most 24 hours; split it.")
        dest = request.destination
        if dest.suffix.lower() != ".zip":
            raise RecordingError("The export file name must end in .zip.")
        if dest.exists():
            raise RecordingError(f"{dest} already exists; choose another name.")
        if not dest.parent.is_dir() or not os.access(dest.parent, os.W_OK):
            raise RecordingError(f"The folder {dest.parent} does not exist or is not writable.")
        return actor

    # ----- ffmpeg ----------------------------------------------------------------------------
    def _encode(self, source: SourceRef, stretch: RecordedRange, out: Path,
                request: ExportRequest, actor: Principal, on_time: Callable[[float], None],
                cancel: threading.Event, work: Path) -> None:
        if source.kind is SourceKind.CAMERA:
            segments = self._catalog.segments(source, stretch.start, stretch.end)
            listing = work / f"{out.stem}.ffconcat"
            listing.write_text("ffconcat version 1.0\n" + "".join(
                f"file '{_concat_quote(s.path)}'\n" for s in segments), encoding="utf-8")
            first = segments[0].start_at
            inputs = ["-f", "concat", "-safe", "0", "-i", str(listing)]
        else:
            position = self._catalog.resolve(source, stretch.start)
            if position is None:
                raise RecordingError(f"Imported footage {source.id} has no picture at "
                                     f"{stretch.start.isoformat()}.")
            first = position.file_start
            inputs = ["-i", position.path]
        seek = max(0.0, (stretch.start - first).total_seconds())
        length = (stretch.end - stretch.start).total_seconds()
        args = [self._ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-y",
                "-ss", f"{seek:.3f}", *inputs, "-t", f"{length:.3f}", "-map", "0:v:0",
                "-map", "0:a?"]
        filters = self._filters(request, actor, stretch.start, work, out.stem)
        if filters:
            args += ["-vf", filters, "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
                     "-pix_fmt", "yuv420p", "-c:a", "copy"]
        else:
            args += ["-c", "copy"]
        args += ["-movflags", "+faststart", "-progress", "pipe:1", "-nostats", str(out)]
        self._run(args, on_time, cancel, out.name)
        if not out.is_file() or out.stat().st_size == 0:
            raise RecordingError(f"ffmpeg produced no video for {out.name}.")

    def _filters(self, request: ExportRequest, actor: Principal, start: datetime, work: Path,
                 stem: str) -> str:
        parts: list[str] = []
        if not (request.burn_timestamp or request.watermark):
            return ""
        font = _filter_quote(str(find_font()))
        if request.burn_timestamp:
            local = start.astimezone(request.display_tz)
            epoch = start.timestamp() + (local.utcoffset() or timedelta()).total_seconds()
            clock = work / f"{stem}.clock.txt"
            # %{pts:gmtime:EPOCH:...}: frame time plus the range start (shifted to local time).
            clock.write_text(f"%{{pts:gmtime:{epoch:.3f}:%d/%m/%Y %H\\:%M\\:%S}} "
                             f"{_zone_label(local)}", encoding="utf-8")
            parts.append(f"drawtext=fontfile='{font}':textfile='{_filter_quote(str(clock))}'"
                         f":expansion=normal:fontcolor=white:fontsize=h/22:box=1"
                         f":boxcolor=black@0.55:boxborderw=6:x=12:y=12")
        if request.watermark:
            text = work / f"{stem}.mark.txt"
            who = actor.display_name or actor.username
            when = self._clock().astimezone(request.display_tz).strftime("%d/%m/%Y %H:%M")
            text.write_text(f"{who} ({actor.username}) · {when}", encoding="utf-8")
            parts.append(f"drawtext=fontfile='{font}':textfile='{_filter_quote(str(text))}'"
                         f":expansion=none:fontcolor=white@0.8:fontsize=h/26:box=1"
                         f":boxcolor=black@0.4:boxborderw=6:x=w-tw-12:y=h-th-12")
        return ",".join(parts)

    def _run(self, args: Sequence[str], on_time: Callable[[float], None],
             cancel: threading.Event, name: str) -> None:
        with tempfile.TemporaryFile() as errors:
            try:
                proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=errors)
            except FileNotFoundError:
                raise RecordingError(f"{self._ffmpeg} is not installed (Debian: apt install "
                                     f"ffmpeg).") from None
            reader = threading.Thread(target=_read_progress, args=(proc, on_time),
                                      name="export-progress", daemon=True)
            reader.start()
            try:
                while proc.poll() is None:
                    if cancel.wait(0.2):
                        proc.kill()
                        proc.wait()
                        raise ExportCancelled("The export was cancelled.")
            finally:
                reader.join(5)
            if proc.returncode != 0:
                errors.seek(0)
                lines = errors.read().decode("utf-8", "replace").strip().splitlines()
                raise RecordingError(f"Exporting {name} failed: "
                                     f"{lines[-1] if lines else 'ffmpeg error'}")

    # ----- packaging ---------------------------------------------------------------------
    def _manifest(self, actor: Principal, request: ExportRequest,
                  files: list[ExportedFile]) -> dict[str, object]:
        names = self._source_names(request.sources)
        return {
            "format": FORMAT,
            "software": {"name": PRODUCT, "version": software_version()},
            "exported_at": self._clock().isoformat(),
            "exported_by": {"user_id": actor.user_id, "username": actor.username,
                            "display_name": actor.display_name},
            "case_number": request.case_number.strip(),
            "time_range": {"start": request.start.isoformat(), "end": request.end.isoformat()},
            "display_time_zone": _zone_label(request.start.astimezone(request.display_tz)),
            "burned_timestamp": request.burn_timestamp,
            "watermark": request.watermark,
            "re_encoded": request.burn_timestamp or request.watermark,
            "sources": [{"kind": s.kind.value, "id": s.id, "name": names.get(s, "")}
                        for s in request.sources],
            "files": [{"name": f.name, "sha256": f.sha256, "size": f.size,
                       "source": {"kind": f.source.kind.value, "id": f.source.id,
                                  "name": names.get(f.source, "")},
                       "start": f.start.isoformat(), "end": f.end.isoformat()}
                      for f in files],
        }

    def _source_names(self, sources: Sequence[SourceRef]) -> dict[SourceRef, str]:
        names: dict[SourceRef, str] = {}
        with self._db.session() as session:
            for source in sources:
                if source.kind is SourceKind.CAMERA:
                    camera = session.get(Camera, source.id)
                    names[source] = camera.name if camera else ""
        for source in sources:
            if source.kind is SourceKind.IMPORTED:
                footage = self._catalog.footage(source.id)
                names[source] = footage.original_name if footage else ""
        return names

    @staticmethod
    def _zip(work: Path, names: list[str], destination: Path) -> None:
        partial = destination.with_name(destination.name + ".part")
        try:
            with zipfile.ZipFile(partial, "w") as archive:
                archive.write(work / MANIFEST_NAME, MANIFEST_NAME, zipfile.ZIP_DEFLATED)
                for name in names:  # MP4 does not compress further
                    archive.write(work / name, name, zipfile.ZIP_STORED)
            with open(partial, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, destination)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise RecordingError(f"Writing {destination} failed: {exc.strerror or exc}.") from None

    def _record(self, actor: Principal, request: ExportRequest, result: ExportResult) -> None:
        zip_hash = sha256_file(result.zip_path)
        self._audit.append(actor, AuditAction.EVIDENCE_EXPORTED, "recording_export", None, {
            "zip": result.zip_path.name, "zip_sha256": zip_hash,
            "case_number": request.case_number.strip(),
            "start": request.start.isoformat(), "end": request.end.isoformat(),
            "sources": [f"{s.kind.value}:{s.id}" for s in request.sources],
            "files": {f.name: f.sha256 for f in result.files},
            "burned_timestamp": request.burn_timestamp, "watermark": request.watermark})
        case = request.case_number.strip()
        if case:
            for item in result.files:
                if item.source.kind is SourceKind.CAMERA:
                    self._index.add_hold(item.source.id, item.start, item.end,
                                         reason=f"export {result.zip_path.name}",
                                         case_number=case, user_id=actor.user_id)
        log.info("export %s written by %s (%d files)", result.zip_path, actor.username,
                 len(result.files))


def _read_progress(proc: subprocess.Popen[bytes], on_time: Callable[[float], None]) -> None:
    assert proc.stdout is not None
    for raw in proc.stdout:
        line = raw.decode("ascii", "replace").strip()
        if line.startswith("out_time_us="):
            try:
                on_time(max(0, int(line.split("=", 1)[1])) / 1e6)
            except ValueError:
                pass  # "N/A" before the first frame


def _cancelled(cancel: threading.Event) -> None:
    if cancel.is_set():
        raise ExportCancelled("The export was cancelled.")


def _stamp(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%Y%m%d-%H%M%S")


def _zone_label(local: datetime) -> str:
    offset = local.utcoffset() or timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _concat_quote(path: str) -> str:
    return path.replace("'", "'\\''")


def _filter_quote(value: str) -> str:
    """A path inside '...' of an ffmpeg filter argument (Windows drive colons included)."""
    return value.replace("\\", "/").replace(":", "\\:").replace("'", "'\\\\\\''")
