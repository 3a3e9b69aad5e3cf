#!/usr/bin/env python3
"""Probe helper the kernel harness (verify/kernel.ts) runs INSIDE one namespace with
`ip netns exec NS python3 agent.py MODE ...`.  Python only because Node has no raw
sockets (needed to send ICMP echo and to see what is delivered locally).  Every mode is
bounded in time (SIGALRM) and prints JSON lines.

  sniff  --timeout T       raw TCP/UDP/ICMP sockets: every IPv4 packet delivered locally
                           here (not on lo); READY, then one JSON list on SIGTERM/timeout
  listen --proto P --port N --timeout T
                           tcp: accept one connection -> {"accepted", "peer", "local"}
                           udp: one datagram, echoed back from the address it was sent
                           to (IP_PKTINFO) -> {"received", "peer", "local", "data",
                           "replied_at"}
  connect --proto P --dst D [--dport N --sport N --src A --ident N] --timeout T
                           tcp: connect, report, hold open until stdin closes, close by RST
                           udp: connected socket, one datagram, one reply
                           icmp: one echo request (seq 1, 56 bytes), reply or ICMP error
                           tcp and udp results also carry connect_at, held_s: connect()
"""
import argparse, errno, json, select, signal, socket, struct, sys, time

IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)
NAMES = {1: "icmp", 6: "tcp", 17: "udp"}
FLAGS = [(1, "FIN"), (2, "SYN"), (4, "RST"), (8, "PSH"), (16, "ACK"), (32, "URG")]


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def parse_ip(b):
    if len(b) < 20:
        return None
    ihl, proto = (b[0] & 15) * 4, b[9]
    d = {"proto": NAMES.get(proto, proto), "src": socket.inet_ntoa(b[12:16]),
         "dst": socket.inet_ntoa(b[16:20]), "len": len(b), "ttl": b[8]}
    l4 = b[ihl:]
    if proto in (6, 17) and len(l4) >= 4:
        d["sport"], d["dport"] = struct.unpack("!HH", l4[:4])
        if proto == 6 and len(l4) >= 14:
            d["flags"] = ",".join(n for bit, n in FLAGS if l4[13] & bit)
    elif proto == 1 and len(l4) >= 8:
        d["type"], d["code"] = l4[0], l4[1]
        if l4[0] in (0, 8):
            d["id"], d["seq"] = struct.unpack("!HH", l4[4:8])
        elif l4[0] in (3, 4, 5, 11, 12) and len(l4) >= 28:
            q = parse_ip(l4[8:])
            if q:
                d["quoted"] = q
    return d


def pktinfo_if(anc):
    for lvl, typ, data in anc:
        if lvl == socket.IPPROTO_IP and typ == IP_PKTINFO and len(data) >= 12:
            return struct.unpack("=i", data[:4])[0], socket.inet_ntoa(data[8:12])
    return 0, None


def sniff(a):
    socks = []
    for p in (socket.IPPROTO_TCP, socket.IPPROTO_UDP, socket.IPPROTO_ICMP):
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, p)
        s.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
        socks.append(s)
    stop = []
    signal.signal(signal.SIGTERM, lambda *x: stop.append(1))
    pkts, end = [], time.monotonic() + a.timeout
    print("READY", flush=True)
    while not stop and time.monotonic() < end:
        try:
            ready = select.select(socks, [], [], 0.05)[0]
        except InterruptedError:
            continue
        for s in ready:
            data, anc, _, _ = s.recvmsg(65535, 1024)
            idx, _ = pktinfo_if(anc)
            try:
                ifname = socket.if_indextoname(idx)
            except OSError:
                ifname = str(idx)
            d = parse_ip(data)
            if d and ifname != "lo":
                d["iif"] = ifname
                pkts.append((time.monotonic(), d))
    emit([d for _, d in sorted(pkts, key=lambda x: x[0])])


def listen(a):
    key = "accepted" if a.proto == "tcp" else "received"
    signal.signal(signal.SIGTERM, lambda *x: (emit({key: False, "killed": True}), sys.exit(0)))
    kind = socket.SOCK_STREAM if a.proto == "tcp" else socket.SOCK_DGRAM
    s = socket.socket(socket.AF_INET, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if a.proto == "udp":
        s.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
    s.bind(("0.0.0.0", a.port))
    if a.proto == "tcp":
        s.listen(8)
    s.settimeout(a.timeout)
    print("READY", flush=True)
    try:
        if a.proto == "tcp":
            c, peer = s.accept()
        else:
            data, anc, _, peer = s.recvmsg(65535, 1024)
    except socket.timeout:
        emit({key: False})
        return
    if a.proto == "tcp":
        emit({"accepted": True, "peer": list(peer), "local": list(c.getsockname())})
        c.settimeout(a.timeout)
        try:
            while c.recv(4096):
                pass
        except OSError:
            pass
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.close()
        return
    _, local_ip = pktinfo_if(anc)
    res = {"received": True, "peer": list(peer), "local": [local_ip, a.port],
           "data": data.decode("utf-8", "replace")}
    info = struct.pack("=i4s4s", 0, socket.inet_aton(local_ip), b"\0\0\0\0")
    error = None
    try:
        s.sendmsg([json.dumps(res).encode()], [(socket.IPPROTO_IP, IP_PKTINFO, info)], 0, peer)
    except OSError as e:
        error = errno.errorcode.get(e.errno, str(e.errno))
    # replied_at (CLOCK_MONOTONIC): the harness rejects a reply sent after the client had
    # closed its socket (this process descheduled on a loaded machine): the reply would meet
    # no socket and draw an ICMP port unreachable the scenario never asked for.
    res["replied_at"] = time.monotonic()
    emit(res)
    if error:
        emit({"reply_error": error})
    time.sleep(0.2)


def failure(e):
    name = errno.errorcode.get(e.errno, str(e.errno))
    if name == "ECONNREFUSED":
        return {"result": "refused", "errno": name}
    return {"result": "unreachable" if "UNREACH" in name else "error", "errno": name}


def checksum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xFFFF)
    return ~(s + (s >> 16)) & 0xFFFF


def connect_icmp(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    if a.src:
        s.bind((a.src, 0))
    payload = (b"packetpath-probe-" + str(a.ident).encode()).ljust(56, b".")
    head = struct.pack("!BBHHH", 8, 0, 0, a.ident, 1)
    pkt = struct.pack("!BBHHH", 8, 0, checksum(head + payload), a.ident, 1) + payload
    try:
        s.sendto(pkt, (a.dst, 0))
    except OSError as e:
        return failure(e)
    end = time.monotonic() + a.timeout
    while True:
        left = end - time.monotonic()
        if left <= 0 or not select.select([s], [], [], left)[0]:
            return {"result": "timeout"}
        d = parse_ip(s.recv(65535))
        if not d or d.get("proto") != "icmp":
            continue
        if d.get("type") == 0 and d.get("id") == a.ident:
            return {"result": "reply", "reply_from": d["src"], "reply_to": d["dst"]}
        q = d.get("quoted")
        if q and q.get("proto") == "icmp" and q.get("type") == 8 and q.get("id") == a.ident:
            return {"result": "icmp-error", "error_from": d["src"], "type": d["type"],
                    "code": d["code"], "quoted_src": q["src"], "quoted_dst": q["dst"]}


def connect(a):
    if a.proto == "icmp":
        emit(connect_icmp(a))
        return
    kind = socket.SOCK_STREAM if a.proto == "tcp" else socket.SOCK_DGRAM
    s = socket.socket(socket.AF_INET, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if a.proto == "tcp":
        # close with RST so no FIN or TIME_WAIT traffic outlives the probe
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.bind((a.src or "0.0.0.0", a.sport))
    s.settimeout(a.timeout)
    res = {}
    # connect_at/held_s (CLOCK_MONOTONIC): the harness rejects a TCP attempt whose socket could
    # still send a SYN 1 s after connect() (TCP_TIMEOUT_INIT, tcp_retransmit_timer), which
    # happens when this process is descheduled past its 0.8 s timeout on a loaded machine.
    start = time.monotonic()
    try:
        s.connect((a.dst, a.dport))
        if a.proto == "tcp":
            res = {"result": "connected", "local": list(s.getsockname()),
                   "peer": list(s.getpeername())}
        else:
            res["local"] = list(s.getsockname())
            s.send(("probe %s" % a.tag).encode())
            res.update(result="reply", reply=json.loads(s.recv(65535).decode()))
    except socket.timeout:
        res["result"] = "timeout"
    except OSError as e:
        res.update(failure(e))
    connected = res.get("result") == "connected"
    if not connected:
        s.close()  # before taking the time: a closed socket retransmits nothing
    # connected: the SYN was answered, nothing is left to retransmit
    res.update(connect_at=start, held_s=time.monotonic() - start)
    emit(res)
    if connected:
        select.select([sys.stdin], [], [], 10)
        s.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["sniff", "listen", "connect"])
    ap.add_argument("--proto", default="tcp")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--dst")
    ap.add_argument("--dport", type=int, default=0)
    ap.add_argument("--sport", type=int, default=0)
    ap.add_argument("--src")
    ap.add_argument("--ident", type=int, default=0x4000)
    ap.add_argument("--tag", default="")
    ap.add_argument("--timeout", type=float, default=2.0)
    a = ap.parse_args()
    signal.alarm(int(a.timeout) + 15)  # hard bound on the life of any helper
    {"sniff": sniff, "listen": listen, "connect": connect}[a.mode](a)


if __name__ == "__main__":
    main()
