from __future__ import annotations

from app.cameras.wsdiscovery import parse_probe_matches, probe_message
from app.sim.camera import SimCamera
from app.sim.discovery import probe_matches_message, probe_message_id


def camera() -> SimCamera:
    return SimCamera(
        index=1, name="Camera 01", uuid="11111111-2222-4333-8444-555555555555",
        onvif_url="http://127.0.0.1:8080/onvif/device_service", rtsp_main="", rtsp_sub="",
        snapshot_url="", manufacturer="Trực Ban Sim", model="TB-IPC100", firmware="1",
        serial="1", mac="02:00:00:00:00:01", ptz=False, main=(1280, 720), sub=(640, 360),
        scopes=("onvif://www.onvif.org/name/Camera%2001",))


def test_probe_round_trip() -> None:
    message_id = "urn:uuid:abc"
    assert probe_message_id(probe_message(message_id)) == message_id
    assert probe_message_id(probe_message(message_id, types="")) == message_id
    assert probe_message_id(probe_message(message_id, types="tds:Device")) == message_id
    answer = probe_matches_message(camera(), message_id)
    matches = parse_probe_matches(answer, ("127.0.0.1", 3702), relates_to=message_id)
    assert len(matches) == 1
    match = matches[0]
    assert match.endpoint == "urn:uuid:11111111-2222-4333-8444-555555555555"
    assert match.xaddrs == ("http://127.0.0.1:8080/onvif/device_service",)
    assert match.name == "Camera 01"


def test_ignores_other_probes_answers_other_types_and_hostile_xml() -> None:
    answer = probe_matches_message(camera(), "urn:uuid:other")
    assert parse_probe_matches(answer, ("127.0.0.1", 1), relates_to="urn:uuid:mine") == []
    assert probe_message_id(probe_message("urn:uuid:x", types="dn:Printer")) is None
    hostile = b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'
    assert probe_message_id(hostile) is None
    assert parse_probe_matches(hostile, ("127.0.0.1", 1)) == []
