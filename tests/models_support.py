"""Where the OpenVINO model bundles for the integration tests are: $MODELS (CI passes
../shared/models), relative to the repository root unless absolute."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROAD_USERS = "person-vehicle-bike-detection-crossroad-1016"


def models_folder(bundle: str | None = ROAD_USERS) -> Path | None:
    """The folder $MODELS names; None when it is unset or, with `bundle`, holds no such
    bundle."""
    value = os.environ.get("MODELS")
    if not value:
        return None
    folder = Path(value) if Path(value).is_absolute() else (ROOT / value).resolve()
    if bundle is not None and not (folder / bundle).is_dir():
        return None
    return folder


needs_road_users = pytest.mark.skipif(
    models_folder() is None,
    reason=f"set MODELS to a folder holding the {ROAD_USERS} bundle (CI: ../shared/models)")
