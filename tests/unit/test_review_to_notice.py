"""The review path end to end, as the duty room works it: analytics finds a case, a duty
officer verifies it, a supervisor signs in and approves it and prints its notice; the audit
trail shows who did each step, and the chain verifies."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.reports.notice import NoticeConfig
from app.reports.notice_printing import NoticePrinter
from app.review.catalogue import ViolationCatalogue
from app.review.states import ViolationState
from app.security.permissions import PermissionDenied
from app.storage.database import Database
from tests.report_support import add_case, add_site_camera
from tests.security_support import PASSWORD, build_world


def test_officer_verifies_supervisor_approves_and_prints(migrated_db: Database,
                                                          tmp_path: Path) -> None:
    world = build_world(migrated_db)
    camera = add_site_camera(world)
    case = add_case(world, camera, tmp_path / "evidence", state=ViolationState.DETECTED)
    officer = world.by_role["duty_officer"]
    service = world.violations

    seen = service.view(officer, case.violation_id)
    verified = service.transition(officer, case.violation_id, seen.version, "verified")
    with pytest.raises(PermissionDenied):
        service.transition(officer, case.violation_id, verified.version, "approved")

    supervisor = world.users.authenticate("supervisor_1", PASSWORD)
    approved = service.transition(supervisor, case.violation_id, verified.version, "approved")
    assert approved.state is ViolationState.APPROVED

    printer = NoticePrinter(migrated_db, world.audit, ViolationCatalogue.load(),
                            NoticeConfig(agency_name="CÔNG AN THÀNH PHỐ HÀ NỘI",
                                         issuing_place="Hà Nội"), evidence_dir=tmp_path)
    with pytest.raises(PermissionDenied):
        printer.print_notice(officer, case.violation_id, tmp_path / "refused.pdf")
    pdf = printer.print_notice(supervisor, case.violation_id, tmp_path / "notice.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "29-M1 123.45" in text and "CÔNG AN THÀNH PHỐ HÀ NỘI" in text
    assert "Điều 7" in text and case.evidence_sha256 in text.replace(" ", "").replace("\n", "")

    history = [(r.action, r.user_name) for r in service.history(supervisor, case.violation_id)]
    assert ("violation.transition", officer.display_name) in history
    assert ("violation.transition", supervisor.display_name) in history
    printed = world.audit.latest("violation", str(case.violation_id), ("notice.print",))
    assert printed and printed[0].user_id == supervisor.user_id
    assert world.audit.verify().ok
