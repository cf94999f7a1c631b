"""Find the address that phones on the same network can reach this machine at.

A leaf module: no Flask. Reads the machine's own interfaces; sends nothing.
"""

from __future__ import annotations

import ipaddress
import socket
import struct
import sys

SIOCGIFADDR = 0x8915  # Linux ioctl: an interface's IPv4 address


def _interface_addresses() -> list[str]:
    """Return the IPv4 addresses of this machine's network interfaces (Linux)."""
    if not sys.platform.startswith("linux"):
        return []
    import fcntl

    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _index, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(
                    probe.fileno(), SIOCGIFADDR, struct.pack("256s", name[:15].encode())
                )
            except OSError:
                continue
            found.append(socket.inet_ntoa(packed[20:24]))
    return found


def _hostname_addresses() -> list[str]:
    """Return the IPv4 addresses the host name resolves to."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return [info[4][0] for info in infos]


def lan_address() -> str:
    """Return the best LAN address: a private one if there is one, else any non-loopback."""
    candidates = []
    for address in _interface_addresses() + _hostname_addresses():
        ip = ipaddress.ip_address(address)
        if ip.is_loopback or ip.is_link_local or address in candidates:
            continue
        candidates.append(address)
    private = [a for a in candidates if ipaddress.ip_address(a).is_private]
    if private:
        return private[0]
    return candidates[0] if candidates else "127.0.0.1"
