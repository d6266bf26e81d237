"""Compiled-model cache: each bundle is compiled once per device and process, and OpenVINO's
on-disk cache (``CACHE_DIR``) makes the next start of the workstation skip the compile too."""
from __future__ import annotations

import logging
import statistics
import threading
import time
from pathlib import Path

import numpy as np
import openvino as ov

from app.models.errors import ModelStoreError
from app.models.store import InstalledBundle

log = logging.getLogger(__name__)

# Stand-ins for dynamic input dimensions when a concrete input is needed (latency measurement).
_DYNAMIC_DEFAULTS = {"N": 1, "C": 3, "H": 320, "W": 320, "D": 1}


class CompiledModelCache:
    def __init__(self, cache_dir: Path, core: ov.Core | None = None) -> None:
        self.cache_dir = cache_dir
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.core = core or ov.Core()
        self.core.set_property({"CACHE_DIR": str(cache_dir)})
        self._compiled: dict[tuple[str, str, str], ov.CompiledModel] = {}
        self._lock = threading.Lock()

    def devices(self) -> list[str]:
        """CPU first, then accelerators found here, then AUTO when there is a choice."""
        found = [str(d) for d in self.core.available_devices]
        ordered = ["CPU"] + sorted(d for d in found if d != "CPU" and d.split(".")[0] in
                                   ("GPU", "NPU"))
        return ordered + ["AUTO"] if len(ordered) > 1 else ordered

    def compile_model(self, bundle: InstalledBundle, device: str = "CPU", *,
                      hint: str | None = None) -> ov.CompiledModel:
        """``hint``: OpenVINO's PERFORMANCE_HINT ("LATENCY" for one caller waiting on each
        result, "THROUGHPUT" for a queue of requests kept busy by many channels)."""
        if device not in self.devices():
            raise ModelStoreError(f"device {device} is not available on this computer "
                                  f"(available: {', '.join(self.devices())})")
        # The checksum is part of the key: a re-installed bundle with new weights recompiles.
        key = (bundle.name, bundle.manifest.files[bundle.manifest.model_file].sha256,
               device + (f"/{hint}" if hint else ""))
        with self._lock:
            compiled = self._compiled.get(key)
            if compiled is None:
                started = time.perf_counter()
                try:
                    # Compiling from the file path lets OpenVINO key its disk cache on the file.
                    config = {"PERFORMANCE_HINT": hint} if hint else {}
                    compiled = self.core.compile_model(str(bundle.model_path), device, config)
                except RuntimeError as exc:
                    raise ModelStoreError(
                        f"model bundle {bundle.name!r} cannot be compiled for {device}: "
                        f"{str(exc).splitlines()[0] if str(exc) else exc}") from None
                log.info("compiled %s for %s in %.0f ms (from cache: %s)", bundle.name, device,
                         (time.perf_counter() - started) * 1000, loaded_from_cache(compiled))
                self._compiled[key] = compiled
            return compiled

    def read_model(self, bundle: InstalledBundle) -> ov.Model:
        """The uncompiled model, for metadata such as a recogniser's character set."""
        return self.core.read_model(str(bundle.model_path))

    def measure_latency(self, bundle: InstalledBundle, device: str = "CPU",
                        runs: int = 20) -> float:
        """Median milliseconds of one synchronous inference on a zero input (after a warm-up)."""
        compiled = self.compile_model(bundle, device)
        spec = bundle.manifest.input
        shape = [d if d > 0 else _DYNAMIC_DEFAULTS.get(axis, 1)
                 for d, axis in zip(spec.shape, spec.layout)]
        element = compiled.input(0).get_element_type()
        dtype = np.uint8 if element == ov.Type.u8 else np.float32
        request = compiled.create_infer_request()
        tensor = np.zeros(shape, dtype=dtype)
        request.infer({0: tensor})  # warm-up: first run allocates
        samples = []
        for _ in range(max(1, runs)):
            started = time.perf_counter()
            request.infer({0: tensor})
            samples.append((time.perf_counter() - started) * 1000)
        return float(statistics.median(samples))


def loaded_from_cache(compiled: ov.CompiledModel) -> bool:
    try:
        return bool(compiled.get_property("LOADED_FROM_CACHE"))
    except RuntimeError:
        return False
