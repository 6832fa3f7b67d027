#!/usr/bin/python3
# relkit — MIT licence, see LICENSE.
"""A TLS front for the test index server: python3 standard library only.

    tlsproxy.py --cert PEM --key PEM --to PORT --port-file FILE

Listens on 127.0.0.1 (a free port, written to FILE once listening),
terminates TLS with the given certificate and relays every connection's
bytes both ways to 127.0.0.1:PORT, so the index server behind it logs each
request as usual. A client that refuses the certificate is dropped without
a word. Each connection is bounded by a 60 s idle timeout.
"""

import argparse
import os
import socket
import ssl
import sys
import threading


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (dst,):
            try:
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass


def serve(conn, ctx, port):
    try:
        conn.settimeout(60)
        tls = ctx.wrap_socket(conn, server_side=True)
    except (OSError, ssl.SSLError):
        conn.close()
        return
    try:
        back = socket.create_connection(("127.0.0.1", port), timeout=60)
    except OSError:
        tls.close()
        return
    t = threading.Thread(target=pump, args=(back, tls), daemon=True)
    t.start()
    pump(tls, back)
    t.join(60)
    tls.close()
    back.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--to", type=int, required=True)
    ap.add_argument("--port-file", required=True)
    a = ap.parse_args()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % ls.getsockname()[1])
    os.rename(tmp, a.port_file)
    while True:
        conn, _ = ls.accept()
        threading.Thread(target=serve, args=(conn, ctx, a.to),
                         daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
