"""SOAP 1.2 answers of the simulated ONVIF services.

Written as templates rather than generated from the WSDL, like the firmware of most real
cameras; a test validates every answer against onvif-zeep's bundled WSDLs with zeep in
strict mode.
"""
from __future__ import annotations

from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from app.sim.camera import SimCamera
from app.sim.ptz import PtzPose, PtzPreset

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "trt": "http://www.onvif.org/ver10/media/wsdl",
    "tptz": "http://www.onvif.org/ver20/ptz/wsdl",
    "tt": "http://www.onvif.org/ver10/schema",
    "ter": "http://www.onvif.org/ver10/error",
}
DEVICE_PATH = "/onvif/device_service"
MEDIA_PATH = "/onvif/media_service"
PTZ_PATH = "/onvif/ptz_service"
SNAPSHOT_PATH = "/onvif/snapshot.jpg"
PROFILE_TOKENS = {"main": "profile_main", "sub": "profile_sub"}
PTZ_NODE_TOKEN = "ptz_node"
_SPACES = "http://www.onvif.org/ver10/tptz"


def envelope(body: str) -> bytes:
    namespaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<s:Envelope {namespaces}>'
            f"<s:Body>{body}</s:Body></s:Envelope>").encode()


def fault(code: str, subcode: str | None, reason: str) -> bytes:
    sub = (f"<s:Subcode><s:Value>{subcode}</s:Value></s:Subcode>" if subcode else "")
    return envelope(
        f"<s:Fault><s:Code><s:Value>{code}</s:Value>{sub}</s:Code>"
        f'<s:Reason><s:Text xml:lang="en">{escape(reason)}</s:Text></s:Reason></s:Fault>')


def _base_url(camera: SimCamera) -> str:
    return camera.onvif_url.rsplit("/onvif/", 1)[0]


def device_information(camera: SimCamera) -> str:
    return ("<tds:GetDeviceInformationResponse>"
            f"<tds:Manufacturer>{escape(camera.manufacturer)}</tds:Manufacturer>"
            f"<tds:Model>{escape(camera.model)}</tds:Model>"
            f"<tds:FirmwareVersion>{escape(camera.firmware)}</tds:FirmwareVersion>"
            f"<tds:SerialNumber>{escape(camera.serial)}</tds:SerialNumber>"
            f"<tds:HardwareId>{escape(camera.model)}-HW1</tds:HardwareId>"
            "</tds:GetDeviceInformationResponse>")


def capabilities(camera: SimCamera) -> str:
    base = _base_url(camera)
    ptz = f"<tt:PTZ><tt:XAddr>{base}{PTZ_PATH}</tt:XAddr></tt:PTZ>" if camera.ptz else ""
    # No Events capability: the simulator has no event service, and onvif-zeep then skips
    # CreatePullPointSubscription instead of failing.
    return ("<tds:GetCapabilitiesResponse><tds:Capabilities>"
            f"<tt:Device><tt:XAddr>{base}{DEVICE_PATH}</tt:XAddr></tt:Device>"
            f"<tt:Media><tt:XAddr>{base}{MEDIA_PATH}</tt:XAddr><tt:StreamingCapabilities>"
            "<tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>true</tt:RTP_TCP>"
            "<tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>"
            f"{ptz}</tds:Capabilities></tds:GetCapabilitiesResponse>")


def services(camera: SimCamera) -> str:
    base = _base_url(camera)
    entries = [(NS["tds"], DEVICE_PATH), (NS["trt"], MEDIA_PATH)]
    if camera.ptz:
        entries.append((NS["tptz"], PTZ_PATH))
    body = "".join(
        f"<tds:Service><tds:Namespace>{namespace}</tds:Namespace>"
        f"<tds:XAddr>{base}{path}</tds:XAddr>"
        "<tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version>"
        "</tds:Service>"
        for namespace, path in entries)
    return f"<tds:GetServicesResponse>{body}</tds:GetServicesResponse>"


def system_date_and_time(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)

    def stamp(moment: datetime) -> str:
        return (f"<tt:Time><tt:Hour>{moment.hour}</tt:Hour><tt:Minute>{moment.minute}"
                f"</tt:Minute><tt:Second>{moment.second}</tt:Second></tt:Time>"
                f"<tt:Date><tt:Year>{moment.year}</tt:Year><tt:Month>{moment.month}"
                f"</tt:Month><tt:Day>{moment.day}</tt:Day></tt:Date>")

    local = now.astimezone(UTC).replace(tzinfo=None)
    return ("<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
            "<tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false"
            "</tt:DaylightSavings><tt:TimeZone><tt:TZ>UTC</tt:TZ></tt:TimeZone>"
            f"<tt:UTCDateTime>{stamp(now)}</tt:UTCDateTime>"
            f"<tt:LocalDateTime>{stamp(local)}</tt:LocalDateTime>"
            "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>")


def network_interfaces(camera: SimCamera, host: str) -> str:
    return ("<tds:GetNetworkInterfacesResponse>"
            '<tds:NetworkInterfaces token="eth0"><tt:Enabled>true</tt:Enabled>'
            f"<tt:Info><tt:Name>eth0</tt:Name><tt:HwAddress>{camera.mac}</tt:HwAddress>"
            "<tt:MTU>1500</tt:MTU></tt:Info>"
            "<tt:IPv4><tt:Enabled>true</tt:Enabled><tt:Config>"
            f"<tt:Manual><tt:Address>{escape(host)}</tt:Address>"
            "<tt:PrefixLength>8</tt:PrefixLength></tt:Manual><tt:DHCP>false</tt:DHCP>"
            "</tt:Config></tt:IPv4></tds:NetworkInterfaces>"
            "</tds:GetNetworkInterfacesResponse>")


def scopes(camera: SimCamera) -> str:
    items = "".join(
        f"<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef><tt:ScopeItem>{escape(scope)}"
        "</tt:ScopeItem></tds:Scopes>" for scope in camera.scopes)
    return f"<tds:GetScopesResponse>{items}</tds:GetScopesResponse>"


def _ptz_configuration() -> str:
    return ('<tt:PTZConfiguration token="ptz_config"><tt:Name>PTZ</tt:Name>'
            f"<tt:UseCount>2</tt:UseCount><tt:NodeToken>{PTZ_NODE_TOKEN}</tt:NodeToken>"
            "<tt:DefaultContinuousPanTiltVelocitySpace>"
            f"{_SPACES}/PanTiltSpaces/VelocityGenericSpace"
            "</tt:DefaultContinuousPanTiltVelocitySpace>"
            "<tt:DefaultContinuousZoomVelocitySpace>"
            f"{_SPACES}/ZoomSpaces/VelocityGenericSpace"
            "</tt:DefaultContinuousZoomVelocitySpace>"
            "<tt:DefaultPTZTimeout>PT10S</tt:DefaultPTZTimeout></tt:PTZConfiguration>")


def _profile(camera: SimCamera, kind: str) -> str:
    width, height = camera.main if kind == "main" else camera.sub
    bitrate = 4096 if kind == "main" else 1024
    token = PROFILE_TOKENS[kind]
    ptz = _ptz_configuration() if camera.ptz else ""
    source_w, source_h = camera.main
    return (
        f'<trt:Profiles token="{token}" fixed="true"><tt:Name>{kind.capitalize()}Stream'
        "</tt:Name>"
        '<tt:VideoSourceConfiguration token="video_source_config"><tt:Name>VideoSource'
        "</tt:Name><tt:UseCount>2</tt:UseCount><tt:SourceToken>video_source</tt:SourceToken>"
        f'<tt:Bounds x="0" y="0" width="{source_w}" height="{source_h}"/>'
        "</tt:VideoSourceConfiguration>"
        f'<tt:VideoEncoderConfiguration token="encoder_{kind}"><tt:Name>H264 {kind}'
        "</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>H264</tt:Encoding>"
        f"<tt:Resolution><tt:Width>{width}</tt:Width><tt:Height>{height}</tt:Height>"
        "</tt:Resolution><tt:Quality>5</tt:Quality>"
        f"<tt:RateControl><tt:FrameRateLimit>{camera.fps}</tt:FrameRateLimit>"
        "<tt:EncodingInterval>1</tt:EncodingInterval>"
        f"<tt:BitrateLimit>{bitrate}</tt:BitrateLimit></tt:RateControl>"
        f"<tt:H264><tt:GovLength>{camera.fps}</tt:GovLength><tt:H264Profile>Main"
        "</tt:H264Profile></tt:H264>"
        "<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type><tt:IPv4Address>0.0.0.0"
        "</tt:IPv4Address></tt:Address><tt:Port>0</tt:Port><tt:TTL>1</tt:TTL>"
        "<tt:AutoStart>false</tt:AutoStart></tt:Multicast>"
        "<tt:SessionTimeout>PT60S</tt:SessionTimeout></tt:VideoEncoderConfiguration>"
        f"{ptz}</trt:Profiles>")


def profiles(camera: SimCamera) -> str:
    body = _profile(camera, "main") + _profile(camera, "sub")
    return f"<trt:GetProfilesResponse>{body}</trt:GetProfilesResponse>"


def profile(camera: SimCamera, kind: str) -> str:
    body = _profile(camera, kind).replace("<trt:Profiles ", "<trt:Profile ", 1)
    body = body[: -len("</trt:Profiles>")] + "</trt:Profile>"
    return f"<trt:GetProfileResponse>{body}</trt:GetProfileResponse>"


def _media_uri(uri: str) -> str:
    return (f"<trt:MediaUri><tt:Uri>{escape(uri)}</tt:Uri>"
            "<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>"
            "<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>"
            "<tt:Timeout>PT0S</tt:Timeout></trt:MediaUri>")


def stream_uri(camera: SimCamera, kind: str) -> str:
    uri = camera.rtsp_main if kind == "main" else camera.rtsp_sub
    return f"<trt:GetStreamUriResponse>{_media_uri(uri)}</trt:GetStreamUriResponse>"


def snapshot_uri(camera: SimCamera) -> str:
    return (f"<trt:GetSnapshotUriResponse>{_media_uri(camera.snapshot_url)}"
            "</trt:GetSnapshotUriResponse>")


def _range(uri: str, low: float, high: float, two_d: bool) -> str:
    y = (f"<tt:YRange><tt:Min>{low}</tt:Min><tt:Max>{high}</tt:Max></tt:YRange>"
         if two_d else "")
    return (f"<tt:URI>{uri}</tt:URI><tt:XRange><tt:Min>{low}</tt:Min><tt:Max>{high}"
            f"</tt:Max></tt:XRange>{y}")


def nodes() -> str:
    spaces = (
        "<tt:AbsolutePanTiltPositionSpace>"
        f"{_range(_SPACES + '/PanTiltSpaces/PositionGenericSpace', -1, 1, True)}"
        "</tt:AbsolutePanTiltPositionSpace><tt:AbsoluteZoomPositionSpace>"
        f"{_range(_SPACES + '/ZoomSpaces/PositionGenericSpace', 0, 1, False)}"
        "</tt:AbsoluteZoomPositionSpace><tt:ContinuousPanTiltVelocitySpace>"
        f"{_range(_SPACES + '/PanTiltSpaces/VelocityGenericSpace', -1, 1, True)}"
        "</tt:ContinuousPanTiltVelocitySpace><tt:ContinuousZoomVelocitySpace>"
        f"{_range(_SPACES + '/ZoomSpaces/VelocityGenericSpace', -1, 1, False)}"
        "</tt:ContinuousZoomVelocitySpace>")
    return ("<tptz:GetNodesResponse>"
            f'<tptz:PTZNode token="{PTZ_NODE_TOKEN}" FixedHomePosition="false">'
            f"<tt:Name>PTZ</tt:Name><tt:SupportedPTZSpaces>{spaces}</tt:SupportedPTZSpaces>"
            "<tt:MaximumNumberOfPresets>32</tt:MaximumNumberOfPresets>"
            "<tt:HomeSupported>false</tt:HomeSupported></tptz:PTZNode>"
            "</tptz:GetNodesResponse>")


def _vector(pose: PtzPose) -> str:
    return (f'<tt:PanTilt x="{pose.pan:.4f}" y="{pose.tilt:.4f}" '
            f'space="{_SPACES}/PanTiltSpaces/PositionGenericSpace"/>'
            f'<tt:Zoom x="{pose.zoom:.4f}" space="{_SPACES}/ZoomSpaces/PositionGenericSpace"/>')


def presets(items: list[PtzPreset]) -> str:
    body = "".join(
        f"<tptz:Preset token={quoteattr(item.token)}><tt:Name>{escape(item.name)}</tt:Name>"
        f"<tt:PTZPosition>{_vector(item.pose)}</tt:PTZPosition></tptz:Preset>"
        for item in items)
    return f"<tptz:GetPresetsResponse>{body}</tptz:GetPresetsResponse>"


def set_preset(token: str) -> str:
    return (f"<tptz:SetPresetResponse><tptz:PresetToken>{escape(token)}</tptz:PresetToken>"
            "</tptz:SetPresetResponse>")


def ptz_status(pose: PtzPose, moving: bool) -> str:
    state = "MOVING" if moving else "IDLE"
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ("<tptz:GetStatusResponse><tptz:PTZStatus>"
            f"<tt:Position>{_vector(pose)}</tt:Position>"
            f"<tt:MoveStatus><tt:PanTilt>{state}</tt:PanTilt><tt:Zoom>{state}</tt:Zoom>"
            f"</tt:MoveStatus><tt:UtcTime>{now}</tt:UtcTime>"
            "</tptz:PTZStatus></tptz:GetStatusResponse>")


def empty(prefix: str, operation: str) -> str:
    return f"<{prefix}:{operation}Response/>"
