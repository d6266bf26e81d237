"""Translated ticket status names and money formatting for the maintenance views."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.cameras.maintenance import CLOSED, DONE, IN_PROGRESS, OPEN, WAITING_PARTS


def status_label(status: str) -> str:
    labels = {
        OPEN: QCoreApplication.translate("TicketStatus", "Open"),
        IN_PROGRESS: QCoreApplication.translate("TicketStatus", "In progress"),
        WAITING_PARTS: QCoreApplication.translate("TicketStatus", "Waiting for parts"),
        DONE: QCoreApplication.translate("TicketStatus", "Done"),
        CLOSED: QCoreApplication.translate("TicketStatus", "Closed"),
    }
    return labels.get(status, status)


def format_vnd(amount: int | None) -> str:
    """1.250.000 ₫ — Vietnamese groups thousands with dots; '—' when not known."""
    if amount is None:
        return "—"
    return f"{amount:,}".replace(",", ".") + " ₫"
