#!/usr/bin/env python3
# relkit — MIT licence, see LICENSE.
"""oidc-standin.py --port-file FILE --log FILE [--audience AUD]
                  [--lifetime SECONDS] [--no-expires] [--bearer TOKEN]
                  [--echo] [--trickle] [--problem] [--upstream URL]
                  [--mint-delay SECONDS] [--no-burn]

Loopback stand-ins for Trusted Publishing, on one port:
  GET  /_/oidc/audience       the index's audience: {"audience": AUD}
  POST /_/oidc/mint-token     {"token": "oidc-AUD"} -> a fresh upload token
                              "pypi-minted-N" living SECONDS (its "expires"
                              left out with --no-expires); any other token:
                              422 with warehouse's {"message", "errors"}
                              (--echo: the description echoes the token
                              given, with ESC, CR, BEL; the code has C1;
                              --mint-delay: answered after SECONDS, as
                              PyPI is slow for a publisher of many projects)
--trickle: the audience is answered a byte a second, never in full.
  GET  /ci/token?audience=X   GitHub Actions' token endpoint: with
                              "Authorization: bearer TOKEN", {"value":
                              "oidc-X"}; else 403
  GET  /computeMetadata/v1/instance/service-accounts/default/identity
       ?audience=X&format=full
                              Google Cloud's metadata server: with
                              "Metadata-Flavor: Google", the text "oidc-X"
  POST /_/oidc/burn-token     {"token": T}: T is burnt (refused from then
                              on); as warehouse, 202 {"message": "Accepted",
                              "errors": []} whatever T is (--no-burn: 404,
                              an index without the endpoint)
  POST /legacy/               an upload: 200 when Basic auth is __token__
                              with the newest minted token, else 403;
                              with --problem, 422 in RFC 9457's
                              application/problem+json
  GET  /simple/...            404 (nothing is there yet)
--upstream URL: an upload with the right token is passed on to the index
at URL (tests/indexserver.py's /legacy/) with the credentials in the
environment's STANDIN_UPSTREAM_AUTH (USER:PASSWORD), and its answer
relayed: a Trusted Publishing front of a real index, for release.mk.
The bearer may come from the environment (STANDIN_BEARER) rather than
argv. Every request is logged as a JSON line: method, path, status, user,
"minted" (how many tokens so far), "burnt" (the tokens burnt so far),
"argv_leak" (whether a process on the machine had a secret in its command
line while the request was served: the bearer, the OIDC tokens, the
tokens minted, and the words of STANDIN_SECRETS).
"""
import base64
import http.client
import http.server
import json
import os
import sys
import time
import urllib.parse

opts = {"audience": "pypi", "lifetime": "900",
        "bearer": os.environ.get("STANDIN_BEARER", "ci-bearer")}
flags = set()
args = sys.argv[1:]
while args:
    a = args.pop(0)
    if a in ("--no-expires", "--echo", "--trickle", "--problem", "--no-burn"):
        flags.add(a[2:])
        continue
    opts[a[2:]] = args.pop(0)
state = {"minted": 0, "token": None, "burnt": []}


def argv_leak():
    """Has any process a secret in its command line just now?"""
    secrets = [opts["bearer"], "oidc-" + opts["audience"]]
    secrets += os.environ.get("STANDIN_SECRETS", "").split()
    secrets += ["pypi-minted-%d" % i for i in range(1, state["minted"] + 1)]
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if any(t.encode() in cmd for t in secrets):
            return True
    return False


def upstream(body, ctype):
    """The upload passed on to the index; its status and answer."""
    u = urllib.parse.urlsplit(opts["upstream"])
    auth = base64.b64encode(os.environ["STANDIN_UPSTREAM_AUTH"].encode())
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    c.request("POST", u.path, body, {"Content-Type": ctype,
                                      "Authorization": "Basic " + auth.decode()})
    r = c.getresponse()
    out = r.read()
    c.close()
    return r.status, out


class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def answer(self, status, obj, user=None):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.logline(status, user)

    def logline(self, status, user=None):
        with open(opts["log"], "a") as f:
            f.write(json.dumps({"method": self.command, "path": self.path,
                                "status": status, "user": user,
                                "minted": state["minted"],
                                "burnt": state["burnt"],
                                "argv_leak": argv_leak()}) + "\n")

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        if u.path == "/_/oidc/audience" and "trickle" in flags:
            # a hostile index: a byte a second, never the whole answer
            self.send_response(200)
            self.send_header("Content-Length", "4096")
            self.end_headers()
            try:
                for _ in range(4096):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
            return
        if u.path == "/_/oidc/audience":
            return self.answer(200, {"audience": opts["audience"]})
        if u.path == "/ci/token":
            q = urllib.parse.parse_qs(u.query)
            if self.headers.get("Authorization") != "bearer " + opts["bearer"]:
                return self.answer(403, {"message": "bad bearer"})
            return self.answer(200, {"value": "oidc-" + q["audience"][0]})
        if u.path == ("/computeMetadata/v1/instance/service-accounts/"
                      "default/identity"):
            q = urllib.parse.parse_qs(u.query)
            if (self.headers.get("Metadata-Flavor") != "Google"
                    or q.get("format") != ["full"]):
                return self.answer(403, {"message": "no flavor"})
            body = ("oidc-" + q["audience"][0]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            with open(opts["log"], "a") as f:
                f.write(json.dumps({"method": "GET", "path": self.path,
                                    "status": 200, "user": None,
                                    "minted": state["minted"],
                                    "burnt": state["burnt"]}) + "\n")
            return None
        self.answer(404, {"message": "not found"})

    def do_POST(self):
        u = urllib.parse.urlsplit(self.path)
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n)
        if u.path == "/_/oidc/mint-token":
            try:
                tok = json.loads(body)["token"]
            except (ValueError, KeyError, TypeError):
                tok = None
            if tok != "oidc-" + opts["audience"] and "echo" in flags:
                # a hostile index: the token echoed, control characters
                return self.answer(422, {"message": "Token request failed",
                                         "errors": [{"code": "bad\x1b[2K\x9b",
                                                     "description": "token %s\r\x1b]0;x\x07 refused" % tok}]})
            if tok != "oidc-" + opts["audience"]:
                return self.answer(422, {"message": "Token request failed",
                                         "errors": [{"code": "invalid-publisher",
                                                     "description": "valid token, but no corresponding publisher"}]})
            if "mint-delay" in opts:
                time.sleep(float(opts["mint-delay"]))
            state["minted"] += 1
            state["token"] = "pypi-minted-%d" % state["minted"]
            out = {"success": True, "token": state["token"]}
            if "no-expires" not in flags:
                out["expires"] = int(time.time()) + int(opts["lifetime"])
            return self.answer(200, out)
        if u.path == "/_/oidc/burn-token" and "no-burn" in flags:
            return self.answer(404, {"message": "not found"})
        if u.path == "/_/oidc/burn-token":
            try:
                tok = json.loads(body)["token"]
            except (ValueError, KeyError, TypeError):
                tok = None
            if isinstance(tok, str) and tok.startswith("pypi-minted-"):
                state["burnt"].append(tok)
            return self.answer(202, {"message": "Accepted", "errors": []})
        if u.path == "/legacy/" and "problem" in flags:
            body = json.dumps({"type": "about:blank", "title": "Unprocessable",
                               "status": 422,
                               "detail": "the file is bad"}).encode()
            self.send_response(422, "Unprocessable Entity")
            self.send_header("Content-Type", "application/problem+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        if u.path == "/legacy/":
            auth = self.headers.get("Authorization", "")
            user = pw = None
            if auth.startswith("Basic "):
                user, _, pw = base64.b64decode(auth[6:]).decode().partition(":")
            ok = (user == "__token__" and pw == state["token"] and pw
                  and pw not in state["burnt"])
            if ok and "upstream" in opts:
                st, out = upstream(body, self.headers.get("Content-Type", ""))
                self.send_response(st)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)
                return self.logline(st, user)
            return self.answer(200 if ok else 403,
                               {"message": "OK" if ok else "bad token"}, user)
        self.answer(404, {"message": "not found"})


srv = http.server.HTTPServer(("127.0.0.1", 0), H)
with open(opts["port-file"] + ".tmp", "w") as f:
    f.write("%d\n" % srv.server_address[1])
os.replace(opts["port-file"] + ".tmp", opts["port-file"])
try:
    srv.serve_forever(poll_interval=0.2)
except KeyboardInterrupt:
    pass
