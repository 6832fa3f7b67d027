#!/usr/bin/env python3
# relkit — MIT licence, see LICENSE.
"""A loopback stand-in for the parts of GitHub's and GitLab's REST APIs
that forgepr uses, for the tests. Every request is logged to DIR/requests.log
as one JSON object a line: method, path, status, auth (which header carried
a token and whether it was the good one, never the token), body (JSON or
size and sha256 of an upload), argv_leak (whether any process on the
machine had a token in its command line while the request was served).

  forgestandin.py DIR
    GitHub at /gh (repository aloha/server), GitLab at /gl/api/v4 (project
    aloha/infra/server). The tokens come from the environment, never argv:
    STANDIN_TOKEN sees both; STANDIN_BLIND_TOKEN is a valid token that sees
    neither.
  GET /_ctl?KEY=VALUE...   behaviour of the next requests (or the same
                           query in the file DIR/ctl, read and removed
                           by the next request):
    limit=N limitstyle=retry|reset|long  N answers rate-limited
    fail=STATUS count=N message=TEXT     N answers STATUS with that message
    hang=1       the next POST that opens a pull request opens it, creates
                 DIR/hanging, then does not answer (until unhang=1 or
                 reset=1)
    redirect=URL the next request is answered 302 to URL
    uploadorigin=ORIGIN  upload_url of new GitHub releases on ORIGIN
    reset=1      forget everything, the log too
  GET /_state              pulls, merge requests, releases, assets as JSON
On GitHub every tag is there but those whose name starts with "unpushed".
The port is written to DIR/port once the server listens.
"""
import argparse, hashlib, json, os, sys, threading, time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GH_REPO = "aloha/server"
GL_PROJECT = "aloha/infra/server"
GL_ID = urllib.parse.quote(GL_PROJECT, safe="")

lock = threading.Lock()
hang = threading.Event()
state = {}


def fresh():
    state.clear()
    state.update(pulls=[], mrs=[], gh_releases=[], gl_releases=[], packages=[],
                 ctl={}, ids=0)
    hang.set()


def nextid():
    state["ids"] += 1
    return state["ids"]


def argv_leak(tokens):
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if any(t.encode() in cmd for t in tokens):
            return True
    return False


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def answer(self, status, obj=None, headers=()):
        body = b"" if obj is None else json.dumps(obj).encode()
        self.status = status
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log(self, extra):
        e = dict(method=self.command, path=self.path, status=self.status,
                 auth=self.auth, argv_leak=self.leak, t=time.time())
        e.update(extra)
        with lock, open(os.path.join(A.dir, "requests.log"), "a") as f:
            f.write(json.dumps(e) + "\n")

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def do_PUT(self):
        self.handle_any()

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        u = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(u.query))
        ctlfile = os.path.join(A.dir, "ctl")
        if u.path == "/_ctl" or os.path.exists(ctlfile):
            cq = q
            if u.path != "/_ctl":
                with open(ctlfile) as f:
                    cq = dict(urllib.parse.parse_qsl(f.read().strip()))
                os.unlink(ctlfile)
            with lock:
                if cq.pop("reset", None):
                    fresh()
                    try:
                        os.unlink(os.path.join(A.dir, "requests.log"))
                    except FileNotFoundError:
                        pass
                if cq.get("hang"):
                    hang.clear()
                if cq.pop("unhang", None):
                    hang.set()
                state["ctl"].update(cq)
            if u.path == "/_ctl":
                self.status = 200
                return self.answer(200, {})
        if u.path == "/_state":
            with lock:
                s = {k: v for k, v in state.items() if k != "ctl"}
            self.status = 200
            return self.answer(200, s)
        self.auth = self.who()
        self.leak = argv_leak([A.token, A.blind_token])
        extra = {}
        try:
            body = json.loads(raw) if raw and self.headers.get(
                "Content-Type") == "application/json" else None
        except ValueError:
            body = None
        if body is not None:
            extra["body"] = body
        elif raw:
            extra["upload"] = dict(size=len(raw),
                                   sha256=hashlib.sha256(raw).hexdigest())
        try:
            self.route(u.path, q, body, raw, extra)
        except BrokenPipeError:
            pass
        self.log(extra)

    def who(self):
        h = self.headers
        if h.get("Authorization", "").startswith("Bearer "):
            name, tok = "bearer", h["Authorization"][7:]
        elif h.get("PRIVATE-TOKEN"):
            name, tok = "private-token", h["PRIVATE-TOKEN"]
        elif h.get("JOB-TOKEN"):
            name, tok = "job-token", h["JOB-TOKEN"]
        else:
            return None
        return dict(header=name, token="good" if tok == A.token else
                    "blind" if tok == A.blind_token else "wrong")

    def ctl_take(self, key):
        c = state["ctl"]
        if key in c:
            n = int(c.get("count", "1") if key == "fail" else c[key])
            if key == "fail":
                v = c["fail"]
                if n <= 1:
                    c.pop("fail"); c.pop("count", None)
                else:
                    c["count"] = str(n - 1)
                return v
            if n <= 1:
                c.pop(key)
            else:
                c[key] = str(n - 1)
            return True
        return None

    def route(self, path, q, body, raw, extra):
        gh = path.startswith("/gh/")
        with lock:
            c = state["ctl"]
            if c.get("redirect"):
                to = c.pop("redirect")
                return self.answer(302, {}, [("Location", to)])
            if self.ctl_take("limit"):
                style = c.get("limitstyle", "retry")
                msg = {"message": "API rate limit exceeded for installation ID 1."}
                if style == "retry":
                    return self.answer(429, msg, [("Retry-After", "1")])
                if style == "long":
                    return self.answer(403, msg, [("Retry-After", "3600")])
                return self.answer(403, msg, [
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", str(int(time.time())))])
            f = self.ctl_take("fail")
            if f:
                return self.answer(int(f), {"message": c.get("message", "failure")})
        a = self.auth
        if not a or a["token"] == "wrong":
            return self.answer(401, {"message": "Bad credentials"} if gh else
                               {"message": "401 Unauthorized"})
        if a["token"] == "blind":
            return self.answer(404, {"message": "Not Found",
                                     "documentation_url": "https://docs.github.com/rest"}
                               if gh else {"message": "404 Project Not Found"})
        if gh:
            return self.github(path[3:], q, body, raw, extra)
        if path.startswith("/gl/api/v4/"):
            return self.gitlab(path[10:], q, body, raw, extra)
        return self.answer(404, {"message": "no such route"})

    def github(self, p, q, body, raw, extra):
        base = "/repos/" + GH_REPO
        web = "https://github.example/" + GH_REPO
        if p.startswith("/uploads" + base + "/releases/"):
            rid = int(p.split("/")[-2])
            with lock:
                rel = next((r for r in state["gh_releases"] if r["id"] == rid), None)
                if not rel:
                    return self.answer(404, {"message": "Not Found"})
                if any(x["name"] == q.get("name") for x in rel["assets"]):
                    return self.answer(422, {"message": "Validation Failed",
                                             "errors": [{"resource": "ReleaseAsset",
                                                         "code": "already_exists",
                                                         "field": "name"}]})
                asset = dict(name=q.get("name"), size=len(raw),
                             sha256=hashlib.sha256(raw).hexdigest())
                rel["assets"].append(asset)
            return self.answer(201, asset)
        if not p.startswith(base):
            return self.answer(404, {"message": "Not Found"})
        p = p[len(base):]
        if p == "" and self.command == "GET":
            return self.answer(200, {"full_name": GH_REPO, "html_url": web})
        if p == "/pulls" and self.command == "GET":
            with lock:
                got = [x for x in state["pulls"] if x["state"] == "open" and
                       (not q.get("head") or q["head"] == "aloha:" + x["head"]["ref"])]
            return self.answer(200, got)
        if p == "/pulls" and self.command == "POST":
            if not body or not all(body.get(k) for k in ("title", "head", "base")):
                return self.answer(422, {"message": "Validation Failed",
                                         "errors": [{"field": "title", "code": "missing_field"}]})
            with lock:
                if any(x["head"]["ref"] == body["head"] and x["state"] == "open"
                       for x in state["pulls"]):
                    return self.answer(422, {"message": "Validation Failed", "errors": [
                        {"message": "A pull request already exists for aloha:%s." % body["head"]}]})
                n = nextid()
                pr = dict(number=n, state="open", title=body["title"],
                          body=body.get("body"), head=dict(ref=body["head"]),
                          base=dict(ref=body["base"]),
                          html_url="%s/pull/%d" % (web, n))
                state["pulls"].append(pr)
                hold = self.ctl_take("hang")
            if hold:
                open(os.path.join(A.dir, "hanging"), "w").close()
                hang.wait(30)
                return
            return self.answer(201, pr)
        if p.startswith("/git/ref/tags/") and self.command == "GET":
            # every tag is there but those named unpushed*
            tag = urllib.parse.unquote(p[len("/git/ref/tags/"):])
            if tag.startswith("unpushed"):
                return self.answer(404, {"message": "Not Found"})
            return self.answer(200, {"ref": "refs/tags/" + tag})
        if p.startswith("/releases/tags/") and self.command == "GET":
            tag = urllib.parse.unquote(p[len("/releases/tags/"):])
            with lock:
                rel = next((r for r in state["gh_releases"] if r["tag_name"] == tag), None)
            return self.answer(200, rel) if rel else self.answer(404, {"message": "Not Found"})
        if p == "/releases" and self.command == "POST":
            with lock:
                if any(r["tag_name"] == body.get("tag_name") for r in state["gh_releases"]):
                    return self.answer(422, {"message": "Validation Failed", "errors": [
                        {"resource": "Release", "code": "already_exists", "field": "tag_name"}]})
                n = nextid()
                origin = state["ctl"].get("uploadorigin",
                                          "http://127.0.0.1:%d" % self.server.server_port)
                rel = dict(id=n, tag_name=body["tag_name"], name=body.get("name"),
                           body=body.get("body"), assets=[],
                           html_url="%s/releases/tag/%s" % (web, body["tag_name"]),
                           upload_url="%s/gh/uploads%s/releases/%d/assets{?name,label}"
                           % (origin, base, n))
                state["gh_releases"].append(rel)
            return self.answer(201, rel)
        return self.answer(404, {"message": "Not Found"})

    def gitlab(self, p, q, body, raw, extra):
        base = "/projects/" + GL_ID
        web = "https://gitlab.example/" + GL_PROJECT
        if not p.startswith(base):
            return self.answer(404, {"message": "404 Project Not Found"})
        p = p[len(base):]
        if p == "" and self.command == "GET":
            return self.answer(200, {"path_with_namespace": GL_PROJECT, "web_url": web})
        if p == "/merge_requests" and self.command == "GET":
            with lock:
                got = [x for x in state["mrs"] if x["state"] == "opened" and
                       x["source_branch"] == q.get("source_branch")]
            return self.answer(200, got)
        if p == "/merge_requests" and self.command == "POST":
            if self.auth["header"] == "job-token":
                return self.answer(403, {"message": "403 Forbidden"})
            with lock:
                if any(x["source_branch"] == body.get("source_branch") and
                       x["state"] == "opened" for x in state["mrs"]):
                    return self.answer(409, {"message": [
                        "Another open merge request already exists for this source branch: !1"]})
                n = nextid()
                mr = dict(iid=n, state="opened", title=body.get("title"),
                          description=body.get("description"),
                          source_branch=body.get("source_branch"),
                          target_branch=body.get("target_branch"),
                          web_url="%s/-/merge_requests/%d" % (web, n))
                state["mrs"].append(mr)
            return self.answer(201, mr)
        if p.startswith("/releases/") and p.endswith("/assets/links") and self.command == "POST":
            tag = urllib.parse.unquote(p[len("/releases/"):-len("/assets/links")])
            with lock:
                rel = next((r for r in state["gl_releases"] if r["tag_name"] == tag), None)
                if not rel:
                    return self.answer(404, {"message": "404 Not found"})
                link = dict(id=nextid(), name=body["name"], url=body["url"],
                            link_type=body.get("link_type"))
                rel["assets"]["links"].append(link)
            return self.answer(201, link)
        if p == "/releases" and self.command == "GET":
            with lock:
                got = list(state["gl_releases"])
            return self.answer(200, got[:int(q.get("per_page", "20"))])
        if p.startswith("/releases/") and self.command == "GET":
            tag = urllib.parse.unquote(p[len("/releases/"):])
            with lock:
                rel = next((r for r in state["gl_releases"] if r["tag_name"] == tag), None)
            return self.answer(200, rel) if rel else self.answer(404, {"message": "404 Not Found"})
        if p == "/releases" and self.command == "POST":
            with lock:
                if any(r["tag_name"] == body.get("tag_name") for r in state["gl_releases"]):
                    return self.answer(409, {"message": "Release already exists"})
                rel = dict(tag_name=body["tag_name"], name=body.get("name"),
                           description=body.get("description"),
                           assets=dict(links=[]),
                           _links=dict(self="%s/-/releases/%s" % (web, body["tag_name"])))
                state["gl_releases"].append(rel)
            return self.answer(201, rel)
        if p.startswith("/packages/generic/") and self.command == "PUT":
            with lock:
                state["packages"].append(dict(path=p, size=len(raw),
                                              sha256=hashlib.sha256(raw).hexdigest()))
            return self.answer(201, {"message": "201 Created"})
        return self.answer(404, {"message": "404 Not Found"})


ap = argparse.ArgumentParser()
ap.add_argument("dir")
A = ap.parse_args()
A.token = os.environ["STANDIN_TOKEN"]
A.blind_token = os.environ["STANDIN_BLIND_TOKEN"]
fresh()
srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
srv.daemon_threads = True
with open(os.path.join(A.dir, "port.tmp"), "w") as f:
    f.write(str(srv.server_port))
os.rename(os.path.join(A.dir, "port.tmp"), os.path.join(A.dir, "port"))
srv.serve_forever()
