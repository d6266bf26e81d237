"""The simulated cameras behave like real ones: ONVIF over SOAP, RTSP streams, faults."""
from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import cv2
import numpy as np
import pytest
import zeep
from zeep.wsse.username import UsernameToken

from app.cameras.onvif_client import (
    WSDL_DIR,
    OnvifAuthError,
    OnvifClient,
    OnvifProtocolError,
    OnvifUnreachable,
)
from app.sim.camera import SimCamera
from app.sim.errors import SimulatorError
from app.sim.farm import SimulatorFarm
from app.sim.media import VideoPreparer

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class FrameReader:
    """Reads an RTSP stream on a thread, keeping the newest frame and a frame count."""

    def __init__(self, url: str) -> None:
        # Timeouts longer than any deliberate stall below, so reads never block forever.
        self.capture = cv2.VideoCapture(url, cv2.CAP_FFMPEG, [
            cv2.CAP_PROP_N_THREADS, 1, cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, 10000,
            cv2.CAP_PROP_READ_TIMEOUT_MSEC, 10000])
        self.opened = self.capture.isOpened()
        self.count = 0
        self.latest: np.ndarray | None = None
        self.ended = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)
        if self.opened:
            self._thread.start()
        else:
            self.ended.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            ok, frame = self.capture.read()
            if not ok:
                break
            with self._lock:
                self.latest, self.count = frame, self.count + 1
        self.ended.set()

    def frame_after(self, count: int, timeout: float = 15.0) -> np.ndarray:
        """The newest frame once more than `count` frames have arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self.ended.is_set():
            with self._lock:
                if self.count > count and self.latest is not None:
                    return self.latest.copy()
            time.sleep(0.02)
        raise AssertionError(f"no new frame (have {self.count}, ended={self.ended.is_set()})")

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=15)
        self.capture.release()


@contextmanager
def reading(url: str) -> Iterator[FrameReader]:
    reader = FrameReader(url)
    try:
        yield reader
    finally:
        reader.close()


def client_for(camera: SimCamera, password: str, timeout: float = 5.0) -> OnvifClient:
    return OnvifClient("127.0.0.1", camera.onvif_port, "admin", password, timeout=timeout)


def difference(first: np.ndarray, second: np.ndarray) -> float:
    small = [cv2.cvtColor(cv2.resize(f, (160, 90)), cv2.COLOR_BGR2GRAY).astype(np.int16)
             for f in (first, second)]
    return float(np.abs(small[0] - small[1]).mean())


def test_onvif_reports_device_and_profiles(sim_farm: SimulatorFarm) -> None:
    camera = sim_farm.cameras[1]
    client = client_for(camera, sim_farm.password)
    info = client.device_information()
    assert (info.manufacturer, info.serial) == ("Trực Ban Sim", camera.serial)
    profiles = {p.kind: p for p in client.profiles()}
    assert (profiles["main"].width, profiles["main"].height) == (1280, 720)
    assert (profiles["sub"].width, profiles["sub"].height) == (640, 360)
    assert profiles["main"].stream_uri == camera.rtsp_main
    assert profiles["sub"].stream_uri == camera.rtsp_sub
    assert profiles["main"].encoding == "H264"
    assert abs(client.system_time_drift()) < 5


def test_wrong_password_is_refused(sim_farm: SimulatorFarm) -> None:
    camera = sim_farm.cameras[0]
    with pytest.raises(OnvifAuthError):
        client_for(camera, sim_farm.password + "x").device_information()
    with pytest.raises(OnvifAuthError):
        OnvifClient("127.0.0.1", camera.onvif_port, "operator", sim_farm.password
                    ).device_information()


def test_answers_validate_strictly_against_onvif_wsdls(sim_farm: SimulatorFarm) -> None:
    camera = sim_farm.cameras[0]
    base = camera.onvif_url.rsplit("/onvif/", 1)[0]
    settings = zeep.Settings(strict=True, forbid_dtd=True)

    def service(wsdl: str, binding: str, path: str) -> zeep.proxy.ServiceProxy:
        client = zeep.Client(f"{WSDL_DIR}/{wsdl}", settings=settings,
                             wsse=UsernameToken("admin", sim_farm.password, use_digest=True))
        return client.create_service(binding, base + path)

    device = service("devicemgmt.wsdl", "{http://www.onvif.org/ver10/device/wsdl}DeviceBinding",
                     "/onvif/device_service")
    assert device.GetDeviceInformation().Model == camera.model
    assert device.GetCapabilities("All").Media.XAddr.endswith("/onvif/media_service")
    assert len(device.GetServices(False)) == 3
    assert device.GetSystemDateAndTime().UTCDateTime.Date.Year >= 2024
    assert device.GetNetworkInterfaces()[0].Info.HwAddress == camera.mac
    assert {s.ScopeItem for s in device.GetScopes()} == set(camera.scopes)
    media = service("media.wsdl", "{http://www.onvif.org/ver10/media/wsdl}MediaBinding",
                    "/onvif/media_service")
    tokens = [p.token for p in media.GetProfiles()]
    assert tokens == ["profile_main", "profile_sub"]
    assert media.GetProfile("profile_sub").VideoEncoderConfiguration.Resolution.Width == 640
    uri = media.GetStreamUri({"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}},
                             "profile_sub")
    assert uri.Uri == camera.rtsp_sub
    assert media.GetSnapshotUri("profile_main").Uri == camera.snapshot_url
    ptz = service("ptz.wsdl", "{http://www.onvif.org/ver20/ptz/wsdl}PTZBinding",
                  "/onvif/ptz_service")
    assert ptz.GetNodes()[0].MaximumNumberOfPresets == 32
    token = ptz.SetPreset("profile_main", "Gate")
    assert "Gate" in [p.Name for p in ptz.GetPresets("profile_main")]
    ptz.GotoPreset("profile_main", token)
    assert ptz.GetStatus("profile_main").MoveStatus.PanTilt == "IDLE"


def test_streams_have_profile_sizes_and_moving_pictures(sim_farm: SimulatorFarm) -> None:
    profiles = [p for camera in sim_farm.cameras
                for p in client_for(camera, sim_farm.password).profiles()]
    assert sorted(p.kind for p in profiles) == ["main", "main", "sub", "sub"]
    readers = [FrameReader(profile.stream_uri) for profile in profiles]
    try:
        for profile, reader in zip(profiles, readers):
            assert reader.opened, f"cannot open {profile.stream_uri}"
            first = reader.frame_after(0)
            assert first.shape[1::-1] == (profile.width, profile.height)
            later = reader.frame_after(reader.count + profile.fps)
            assert difference(first, later) > 0.5
    finally:
        for reader in readers:
            reader.close()


def test_snapshot_is_a_jpeg(sim_farm: SimulatorFarm) -> None:
    camera = sim_farm.cameras[1]
    with _NO_PROXY.open(camera.snapshot_url, timeout=5) as response:
        assert response.headers["Content-Type"] == "image/jpeg"
        data = response.read()
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None and image.shape[1::-1] == camera.main


def test_stall_keeps_the_session_but_stops_frames(sim_faults: SimulatorFarm) -> None:
    camera = sim_faults.cameras[1]
    with reading(camera.rtsp_sub) as reader:
        reader.frame_after(0)
        sim_faults.set_fault(camera.index, "stream_stall")
        time.sleep(1.5)  # frames already in flight drain
        stalled_at = reader.count
        time.sleep(2.0)
        assert reader.count == stalled_at
        assert not reader.ended.is_set()
        sim_faults.set_fault(camera.index, "stream_stall", on=False)
        reader.frame_after(stalled_at)  # the same session delivers again


def test_drop_closes_sessions_until_restored(sim_faults: SimulatorFarm) -> None:
    camera = sim_faults.cameras[1]
    with reading(camera.rtsp_sub) as reader:
        reader.frame_after(0)
        sim_faults.set_fault(camera.index, "stream_drop")
        assert reader.ended.wait(20), "the session should have been closed"
    with reading(camera.rtsp_main) as refused:
        assert not refused.opened
    sim_faults.set_fault(camera.index, "stream_drop", on=False)
    with reading(camera.rtsp_sub) as reader:
        assert reader.opened
        reader.frame_after(0)


def test_malformed_and_slow_answers(sim_faults: SimulatorFarm) -> None:
    camera = sim_faults.cameras[1]
    sim_faults.set_fault(camera.index, "malformed_soap")
    with pytest.raises(OnvifProtocolError):
        client_for(camera, sim_faults.password).device_information()
    sim_faults.set_fault(camera.index, "malformed_soap", on=False)
    sim_faults.set_slow_soap_delay(camera.index, 5.0)
    sim_faults.set_fault(camera.index, "slow_soap")
    with pytest.raises(OnvifUnreachable, match="did not answer"):
        client_for(camera, sim_faults.password, timeout=1.0).device_information()
    sim_faults.set_fault(camera.index, "slow_soap", on=False)
    sim_faults.set_fault(camera.index, "refuse_auth")
    with pytest.raises(OnvifAuthError):
        client_for(camera, sim_faults.password).device_information()


def test_ptz_move_changes_the_picture(sim_farm: SimulatorFarm) -> None:
    camera = sim_farm.cameras[0]
    assert camera.ptz
    client = client_for(camera, sim_farm.password)
    client.ptz_goto_preset("profile_sub", "1")
    with reading(camera.rtsp_sub) as reader:
        before = reader.frame_after(0)
        # Without moving, the picture barely changes over the same span (people walk)...
        still = reader.frame_after(reader.count + 15)
        client.ptz_continuous_move("profile_sub", 1.0, 0.0, 0.5)
        time.sleep(1.5)
        client.ptz_stop("profile_sub")
        moved = reader.frame_after(reader.count + 5)
        # ...while panning and zooming shifts the whole scene.
        assert difference(before, moved) > 3 * difference(before, still) + 5
    assert "1" in [p.token for p in client.ptz_presets("profile_sub")]
    client.ptz_goto_preset("profile_sub", "1")


def _post(camera: SimCamera, body: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(camera.onvif_url, data=body, headers={
        "Content-Type": "application/soap+xml; charset=utf-8"})
    try:
        with _NO_PROXY.open(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>
<GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl">&lol4;</GetSystemDateAndTime>
</s:Body></s:Envelope>"""


def xxe_payload(secret_file: Path) -> bytes:
    return (f'<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY x SYSTEM '
            f'"file://{secret_file}">]><s:Envelope xmlns:s="http://www.w3.org/2003/05/'
            'soap-envelope"><s:Body><GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/'
            'device/wsdl"><x>&x;</x></GetSystemDateAndTime></s:Body></s:Envelope>').encode()


def test_soap_server_refuses_xml_bombs_and_external_entities(sim_farm: SimulatorFarm,
                                                             tmp_path: Path) -> None:
    camera = sim_farm.cameras[1]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    for payload in (BILLION_LAUGHS, xxe_payload(secret),
                    xxe_payload(secret).decode().encode("utf-16")):
        status, answer = _post(camera, payload)
        assert status == 400
        assert b"Fault" in answer and b"TOP-SECRET-MARKER" not in answer
        assert b"lollol" not in answer


@contextmanager
def hostile_camera(answer: bytes) -> Iterator[int]:
    """An HTTP server that answers every SOAP request with `answer`."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/soap+xml")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def test_client_refuses_hostile_answers(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    for answer in (BILLION_LAUGHS, xxe_payload(secret)):
        with hostile_camera(answer) as port:
            with pytest.raises(OnvifProtocolError) as caught:
                OnvifClient("127.0.0.1", port, "admin", "pw", timeout=3).device_information()
            assert "TOP-SECRET-MARKER" not in str(caught.value)


def test_unreadable_video_is_reported_by_name(tmp_path: Path) -> None:
    broken = tmp_path / "broken-clip.mp4"
    broken.write_bytes(b"this is not a video" * 100)
    with pytest.raises(SimulatorError, match="broken-clip.mp4"):
        VideoPreparer(tmp_path / "cache").prepare(broken)
    farm = SimulatorFarm(cameras=1, videos=[broken], discovery=False,
                         cache_dir=tmp_path / "cache")
    with pytest.raises(SimulatorError, match="broken-clip.mp4"):
        farm.start()
    missing = tmp_path / "missing.avi"
    with pytest.raises(SimulatorError, match="missing.avi"):
        VideoPreparer(tmp_path / "cache").prepare(missing)
