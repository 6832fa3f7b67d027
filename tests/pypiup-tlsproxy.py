#!/usr/bin/python3
# relkit — MIT licence, see LICENSE.
"""TLS in front of a local server, for tests/pypiup.t (stdlib only).

    pypiup-tlsproxy.py CERT KEY BACKEND-PORT PORT-FILE [CLIENT-CA]

Listens on 127.0.0.1 and a free port (written to PORT-FILE), ends TLS
with CERT/KEY and relays the bytes to 127.0.0.1:BACKEND-PORT. With
CLIENT-CA, clients must show a certificate signed by it.
"""
import socket
import ssl
import sys
import threading

cert, key, backend, portfile = sys.argv[1:5]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
if len(sys.argv) > 5:
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_verify_locations(sys.argv[5])
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(16)
with open(portfile + ".tmp", "w") as f:
    f.write(str(ls.getsockname()[1]))
import os
os.rename(portfile + ".tmp", portfile)


def pump(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(c):
    c.settimeout(30)
    try:
        t = ctx.wrap_socket(c, server_side=True)
    except (OSError, ssl.SSLError):
        c.close()
        return
    b = socket.create_connection(("127.0.0.1", int(backend)))
    threading.Thread(target=pump, args=(b, t), daemon=True).start()
    pump(t, b)


while True:
    c, _ = ls.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
