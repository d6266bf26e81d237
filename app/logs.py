"""Logging to a file in the user's log folder, with credentials redacted everywhere."""
from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

_URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s:]+(?::[^/@\s]*)?@")
_KEY_VALUE = re.compile(
    r"(?i)\b(password|passwd|pwd|secret|token)(['\"]?\s*[=:]\s*)(['\"]?)[^\s'\",;&}]+")


def redact(text: str) -> str:
    """Remove user:password@ from URLs and the values of password-like key=value pairs."""
    text = _URL_CREDENTIALS.sub(r"\g<scheme>***@", text)
    return _KEY_VALUE.sub(r"\1\2\3***", text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def setup_logging(log_dir: Path, level: int = logging.INFO, *, console: bool = True) -> Path:
    """Log to log_dir/trucban.log (rotated) and, optionally, stderr. Returns the log file."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / "trucban.log"
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_trucban", False):
            root.removeHandler(handler)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(log_file, maxBytes=5_000_000, backupCount=5,
                                             encoding="utf-8")
    ]
    if console:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(RedactingFilter())
        handler._trucban = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    return log_file


def write_crash_log(log_dir: Path, exc_type: type[BaseException], exc: BaseException,
                    tb: TracebackType | None, *, version: str = "") -> Path:
    """Write one crash report file and return its path (the text is redacted)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = log_dir / f"crash-{stamp}.log"
    body = "".join(traceback.format_exception(exc_type, exc, tb))
    path.write_text(redact(f"Trực Ban {version}\ntime: {datetime.now().isoformat()}\n"
                           f"thread: {threading.current_thread().name}\n\n{body}"),
                    encoding="utf-8")
    return path


def install_thread_excepthook(log_dir: Path, version: str = "") -> None:
    """Uncaught exceptions in worker threads are written to a crash log instead of vanishing."""

    def hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        path = write_crash_log(log_dir, args.exc_type, args.exc_value, args.exc_traceback,
                               version=version)
        logging.getLogger("trucban.crash").error(
            "Unhandled error in thread %s; details in %s",
            args.thread.name if args.thread else "?", path)

    threading.excepthook = hook
