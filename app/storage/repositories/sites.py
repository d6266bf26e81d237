"""The place tree: province → commune/ward/special zone → location."""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.storage.database import Database
from app.storage.dto import SiteDTO
from app.storage.errors import ConstraintError, NotFoundError
from app.storage.models import SITE_KINDS, Camera, Site

# Depth in the tree → kind; everything below a commune is a location.
_KIND_BY_DEPTH = ("province", "commune", "location")


def clean_name(name: str) -> str:
    """NFC and single spaces, so "Phường  Bến Thành" typed two ways is one place."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def site_dto(site: Site) -> SiteDTO:
    return SiteDTO(id=site.id, name=site.name, kind=site.kind, parent_id=site.parent_id,
                   code=site.code)


class SiteRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add_site(self, name: str, kind: str, parent_id: int | None = None,
                 code: str | None = None) -> SiteDTO:
        name = clean_name(name)
        if not name:
            raise ValueError("A site needs a name.")
        if kind not in SITE_KINDS:
            raise ValueError(f"Site kind must be one of {', '.join(SITE_KINDS)}, not {kind!r}.")
        with self._db.session() as session:
            if parent_id is not None and session.get(Site, parent_id) is None:
                raise NotFoundError(f"The parent site {parent_id} does not exist.")
            site = Site(name=name, kind=kind, parent_id=parent_id, code=code or None)
            session.add(site)
            session.flush()
            return site_dto(site)

    def get(self, site_id: int) -> SiteDTO | None:
        with self._db.session() as session:
            site = session.get(Site, site_id)
            return site_dto(site) if site else None

    def list_sites(self) -> list[SiteDTO]:
        with self._db.session() as session:
            return [site_dto(s) for s in session.scalars(sa.select(Site).order_by(Site.id))]

    def ensure_path(self, names: Sequence[str]) -> int:
        """The id of the last site on the path, creating the missing ones.

        ``["Tỉnh Lâm Đồng", "Phường Xuân Hương", "Ngã tư Hòa Bình"]`` → the junction's id.
        """
        cleaned = [clean_name(n) for n in names]
        if not cleaned or not all(cleaned):
            raise ValueError("A site path needs at least one name and no empty names.")
        with self._db.session() as session:
            parent_id: int | None = None
            for depth, name in enumerate(cleaned):
                query = sa.select(Site).where(Site.name == name).order_by(Site.id).limit(1)
                query = query.where(Site.parent_id.is_(None) if parent_id is None
                                    else Site.parent_id == parent_id)
                site = session.scalars(query).first()
                if site is None:
                    kind = _KIND_BY_DEPTH[min(depth, len(_KIND_BY_DEPTH) - 1)]
                    site = Site(name=name, kind=kind, parent_id=parent_id)
                    session.add(site)
                    session.flush()
                parent_id = site.id
            assert parent_id is not None
            return parent_id

    def rename_site(self, site_id: int, name: str) -> SiteDTO:
        """Rename a site; refused when a sibling already has that name (paths must stay
        unambiguous, since imports and registration find sites by their path of names)."""
        name = clean_name(name)
        if not name:
            raise ValueError("A site needs a name.")
        with self._db.session() as session:
            site = session.get(Site, site_id)
            if site is None:
                raise NotFoundError(f"Site {site_id} does not exist (it may have been deleted).")
            self._check_sibling_free(session, name, site.parent_id, site_id)
            site.name = name
            session.flush()
            return site_dto(site)

    def add_child(self, name: str, parent_id: int | None) -> SiteDTO:
        """Add a site under ``parent_id`` (a province at the top), its kind following its
        depth; refused when a sibling already has that name."""
        name = clean_name(name)
        if not name:
            raise ValueError("A site needs a name.")
        with self._db.session() as session:
            depth = 0
            parent = session.get(Site, parent_id) if parent_id is not None else None
            if parent_id is not None and parent is None:
                raise NotFoundError(f"The parent site {parent_id} does not exist.")
            if parent is not None:
                depth = {"province": 1, "commune": 2}.get(parent.kind, 2)
            self._check_sibling_free(session, name, parent_id, None)
            site = Site(name=name, kind=_KIND_BY_DEPTH[depth], parent_id=parent_id)
            session.add(site)
            session.flush()
            return site_dto(site)

    def delete_site(self, site_id: int) -> None:
        """Delete an empty site; a site with sub-sites or cameras is refused (ConstraintError)."""
        with self._db.session() as session:
            site = session.get(Site, site_id)
            if site is None:
                raise NotFoundError(f"Site {site_id} does not exist (it may have been deleted).")
            children = session.scalar(sa.select(sa.func.count()).select_from(Site)
                                      .where(Site.parent_id == site_id)) or 0
            cameras = session.scalar(sa.select(sa.func.count()).select_from(Camera)
                                     .where(Camera.site_id == site_id)) or 0
            if children or cameras:
                raise ConstraintError(
                    f"Site “{site.name}” still holds {children} site(s) and {cameras} "
                    f"camera(s); move or delete them first.")
            session.delete(site)
            session.flush()

    @staticmethod
    def _check_sibling_free(session: Session, name: str, parent_id: int | None,
                            own_id: int | None) -> None:
        query = sa.select(Site.id).where(Site.name == name)
        query = query.where(Site.parent_id.is_(None) if parent_id is None
                            else Site.parent_id == parent_id)
        if own_id is not None:
            query = query.where(Site.id != own_id)
        if session.scalars(query).first() is not None:
            raise ConstraintError(f"There is already a site named “{name}” at this level.")
