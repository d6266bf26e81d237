"""Repositories: small, tested doors into the database that take and return DTOs.

Each call is one transaction. ORM objects never leave these modules.
"""
from app.storage.repositories.cameras import CameraRepository
from app.storage.repositories.events import EventRepository, HealthRepository
from app.storage.repositories.sites import SiteRepository

__all__ = ["CameraRepository", "EventRepository", "HealthRepository", "SiteRepository"]
