#!/usr/bin/env python3
# relkit — MIT licence, see LICENSE.
"""githttp.py ROOT PORT-FILE LOG: git's smart HTTP on 127.0.0.1 for the
tests (git http-backend as a CGI), serving the bare repositories under
ROOT, every request asking HTTP Basic authentication: the password must be
the token in the environment's GITHTTP_TOKEN (any user name), else 401
with a Basic challenge, as GitHub and GitLab answer. Each request is
logged to LOG as a JSON line: method, path, status, user, "auth" (good,
wrong or none), "argv_leak" (whether a process on the machine had the
token in its command line while the request was served). The port is
written to PORT-FILE once the server listens. Request bodies are read by
Content-Length (set http.postBuffer high enough in the client: no
chunked bodies).
"""
import base64
import json
import os
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

root, portfile, logfile = sys.argv[1:4]
TOKEN = os.environ["GITHTTP_TOKEN"]
lock = threading.Lock()


def argv_leak():
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if TOKEN.encode() in f.read():
                    return True
        except OSError:
            continue
    return False


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def log(self, status, user, auth):
        e = dict(method=self.command, path=self.path, status=status,
                 user=user, auth=auth, argv_leak=argv_leak())
        with lock, open(logfile, "a") as f:
            f.write(json.dumps(e) + "\n")

    def do_GET(self):
        self.serve()

    def do_POST(self):
        self.serve()

    def serve(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        user, auth = None, "none"
        h = self.headers.get("Authorization", "")
        if h[:6].lower() == "basic ":
            try:
                user, _, pw = base64.b64decode(h[6:]).decode().partition(":")
            except ValueError:
                user, pw = None, ""
            auth = "good" if pw == TOKEN else "wrong"
        if auth != "good":
            msg = b"Authentication required\n"
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Length", str(len(msg)))
            self.end_headers()
            self.wfile.write(msg)
            return self.log(401, user, auth)
        u = urllib.parse.urlsplit(self.path)
        env = dict(os.environ, GIT_PROJECT_ROOT=root, GIT_HTTP_EXPORT_ALL="1",
                   REQUEST_METHOD=self.command, PATH_INFO=u.path,
                   QUERY_STRING=u.query, REMOTE_USER=user or "git",
                   REMOTE_ADDR="127.0.0.1",
                   CONTENT_TYPE=self.headers.get("Content-Type", ""),
                   CONTENT_LENGTH=str(len(body)))
        env.pop("GITHTTP_TOKEN")
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        if self.headers.get("Git-Protocol"):
            env["HTTP_GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        out = subprocess.run(["git", "http-backend"], input=body, env=env,
                             stdout=subprocess.PIPE, check=False).stdout
        head, _, rest = out.partition(b"\r\n\r\n")
        if not _:
            head, _, rest = out.partition(b"\n\n")
        status, hdrs = 200, []
        for line in head.decode("latin-1").splitlines():
            k, _, v = line.partition(":")
            if k.lower() == "status":
                status = int(v.split()[0])
            elif k:
                hdrs.append((k, v.strip()))
        self.send_response(status)
        for k, v in hdrs:
            if k.lower() != "content-length":
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(rest)))
        self.end_headers()
        self.wfile.write(rest)
        self.log(status, user, auth)


srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
srv.daemon_threads = True
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_port))
os.replace(portfile + ".tmp", portfile)
srv.serve_forever(poll_interval=0.2)
