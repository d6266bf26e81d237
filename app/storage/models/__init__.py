"""ORM tables. Import from here; repositories turn rows into DTOs before they leave storage."""
from app.storage.models.base import NAMING_CONVENTION, Base
from app.storage.models.cameras import (
    CAMERA_PURPOSES,
    PROFILE_KINDS,
    SITE_KINDS,
    AnalyticsConfig,
    Camera,
    CameraProfile,
    CountBucket,
    HealthSample,
    MaintenanceTicket,
    Site,
)
from app.storage.models.maintenance import MaintenanceSchedule
from app.storage.models.media import Bookmark, Event, ImportedFootage, Recording
from app.storage.models.review import EVIDENCE_KINDS, Annotation, Evidence, Violation
from app.storage.models.security import AuditEntry, Role, User
from app.storage.models.tours import WallTour
from app.storage.models.wall import (
    WallLayoutRecord,
    WallPresetRecord,
    WallPresetScreenRecord,
    WallScreenRecord,
)

__all__ = [
    "CAMERA_PURPOSES",
    "EVIDENCE_KINDS",
    "NAMING_CONVENTION",
    "PROFILE_KINDS",
    "SITE_KINDS",
    "AnalyticsConfig",
    "Annotation",
    "AuditEntry",
    "Base",
    "Bookmark",
    "Camera",
    "CameraProfile",
    "CountBucket",
    "Event",
    "Evidence",
    "HealthSample",
    "ImportedFootage",
    "MaintenanceSchedule",
    "MaintenanceTicket",
    "Recording",
    "Role",
    "Site",
    "User",
    "Violation",
    "WallLayoutRecord",
    "WallPresetRecord",
    "WallPresetScreenRecord",
    "WallScreenRecord",
    "WallTour",
]
