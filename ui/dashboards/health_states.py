"""Health state labels and colours shared by the dashboard, the map and the ticket views."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.cameras.health import BROKEN, DEGRADED, NEVER_CONNECTED, VIETNAM_TZ, WORKING

STATE_ORDER = (WORKING, DEGRADED, BROKEN, NEVER_CONNECTED)
STATE_COLOURS = {WORKING: QColor("#3fb950"), DEGRADED: QColor("#e3b341"),
                 BROKEN: QColor("#f85149"), NEVER_CONNECTED: QColor("#8b949e")}
CHART_BACKGROUND = "#161b22"


def state_label(state: str) -> str:
    labels = {
        WORKING: QCoreApplication.translate("HealthStates", "Working"),
        DEGRADED: QCoreApplication.translate("HealthStates", "Degraded"),
        BROKEN: QCoreApplication.translate("HealthStates", "Broken"),
        NEVER_CONNECTED: QCoreApplication.translate("HealthStates", "Never connected"),
    }
    return labels.get(state, state)


def state_colour(state: str) -> QColor:
    return STATE_COLOURS.get(state, STATE_COLOURS[NEVER_CONNECTED])


def local_time(value: datetime | None) -> str:
    """Vietnam local time, day/month/year as written in Vietnam; '—' when unknown."""
    if value is None:
        return "—"
    return value.astimezone(VIETNAM_TZ).strftime("%H:%M %d/%m/%Y")
