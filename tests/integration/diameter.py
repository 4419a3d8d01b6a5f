# SPDX-License-Identifier: BSD-3-Clause
"""A small Diameter writer and reader for the integration tests: DARs as an
SCS sends them (PROTOCOL.md section 2), and the AVPs of what comes back."""
import struct

VENDOR_3GPP = 10415
CMD_DEVICE_ACTION = 8388639
CMD_DEVICE_TRIGGER = 8388643
APP_TSP = 16777309

# (code, vendor) of the AVPs the tests read or write.
SESSION_ID, ORIGIN_HOST, ORIGIN_REALM, DEST_REALM = (263, 0), (264, 0), (296, 0), (283, 0)
AUTH_APP_ID, AUTH_SESSION_STATE, RESULT_CODE = (258, 0), (277, 0), (268, 0)
USER_NAME, VALIDITY_TIME = (1, 0), (448, 0)
DEVICE_ACTION, DEVICE_NOTIFICATION = (3001, VENDOR_3GPP), (3002, VENDOR_3GPP)
TRIGGER_DATA, PAYLOAD, ACTION_TYPE = (3003, VENDOR_3GPP), (3004, VENDOR_3GPP), (3005, VENDOR_3GPP)
PRIORITY, REFERENCE, REQUEST_STATUS = (3006, VENDOR_3GPP), (3007, VENDOR_3GPP), (3008, VENDOR_3GPP)
APP_PORT, SCS_IDENTITY, EXTERNAL_ID = (3010, VENDOR_3GPP), (3104, VENDOR_3GPP), (3111, VENDOR_3GPP)
USER_IDENTIFIER, SM_RP_SMEA, MSISDN = (3102, VENDOR_3GPP), (3309, VENDOR_3GPP), (701, VENDOR_3GPP)


def avp(code_vendor, data):
    code, vendor = code_vendor
    if isinstance(data, int):
        data = struct.pack("!I", data)
    elif isinstance(data, str):
        data = data.encode()
    elif isinstance(data, list):
        data = b"".join(data)
    flags, hdr = 0x40, 8
    if vendor:
        flags, hdr = 0xC0, 12
    head = struct.pack("!IB", code, flags) + (hdr + len(data)).to_bytes(3, "big")
    if vendor:
        head += struct.pack("!I", vendor)
    return head + data + b"\0" * (-len(data) % 4)


def message(cmd, app, flags, hbh, e2e, avps):
    body = b"".join(avps)
    return (struct.pack("!B", 1) + (20 + len(body)).to_bytes(3, "big") +
            struct.pack("!B", flags) + cmd.to_bytes(3, "big") +
            struct.pack("!III", app, hbh, e2e) + body)


def dar(hbh, session, realm, ext_id, reference, payload, scs_id=None, validity=None):
    inner = [avp(EXTERNAL_ID, ext_id)]
    if scs_id is not None:
        inner.append(avp(SCS_IDENTITY, scs_id))
    inner += [avp(REFERENCE, reference), avp(ACTION_TYPE, 1),
              avp(TRIGGER_DATA, [avp(PAYLOAD, payload)])]
    if validity is not None:
        inner.append(avp(VALIDITY_TIME, validity))
    return message(CMD_DEVICE_ACTION, APP_TSP, 0xC0, hbh, hbh, [
        avp(SESSION_ID, session), avp(AUTH_APP_ID, APP_TSP), avp(AUTH_SESSION_STATE, 1),
        avp(ORIGIN_HOST, "scs.example"), avp(ORIGIN_REALM, "example"),
        avp(DEST_REALM, realm), avp(DEVICE_ACTION, inner)])


def parse(msg):
    """Header fields and a dict (code, vendor) -> list of raw values, with
    grouped AVPs (Device-Notification, User-Identifier) flattened in."""
    length = int.from_bytes(msg[1:4], "big")
    flags, cmd = msg[4], int.from_bytes(msg[5:8], "big")
    app, hbh, e2e = struct.unpack("!III", msg[8:20])
    avps = {}

    def walk(b):
        i = 0
        while i + 8 <= len(b):
            code, f = struct.unpack("!IB", b[i:i + 5])
            n = int.from_bytes(b[i + 5:i + 8], "big")
            vendor, hl = (struct.unpack("!I", b[i + 8:i + 12])[0], 12) if f & 0x80 else (0, 8)
            data = b[i + hl:i + n]
            avps.setdefault((code, vendor), []).append(data)
            if (code, vendor) in (DEVICE_NOTIFICATION, USER_IDENTIFIER, DEVICE_ACTION,
                                  TRIGGER_DATA):
                walk(data)
            i += n + (-n % 4)
    walk(msg[20:length])
    return {"flags": flags, "cmd": cmd, "app": app, "hbh": hbh, "e2e": e2e, "avps": avps}


def u32(fields, key):
    return struct.unpack("!I", fields["avps"][key][0])[0]
