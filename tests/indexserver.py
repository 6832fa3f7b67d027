#!/usr/bin/python3
# relkit — MIT licence, see LICENSE.
"""A PyPI-like package index for relkit's tests: python3 standard library only.

    indexserver.py --dir DIR [--port-file FILE] [--port N] [--users-file FILE]
                   [--discard] [--KEY VALUE | --KEY=VALUE ...]

Serves, on 127.0.0.1:
  POST /legacy/                 the upload API (multipart/form-data, parsed
                                while streaming to DIR/tmp, constant memory)
  POST /legacy                  308 to /legacy/, as PyPI does
  GET  /simple/, /simple/NAME/  PEP 503 HTML, or PEP 691 JSON when the Accept
                                header prefers application/vnd.pypi.simple.v1+json
  GET  /files/NAME/FILE         the stored files
  GET|POST /_ctl?KEY=VALUE&...  change behaviour at run time; answers the state
                                as JSON; /_ctl/ping answers "pong"
Files are stored under DIR/files/NAME/, the request log (one JSON object a
line) is DIR/requests.log, the count of uploads answered 200 is DIR/uploads. Each log entry has
"time" (headers read) and "end" (answered) in seconds since the epoch; an
upload's entry also has "body_end" (its body read in full).

Behaviour keys (start options or /_ctl), misbehaving on upload requests only:
  fail=STATUS        answer STATUS (e.g. 500, 503) after reading the body
  retry_after=N      send Retry-After: N with that answer
  close=BYTES        close the connection after BYTES of the body
  stall=SECONDS      wait that long before answering (then answer normally)
  stall_at=end|start wait after reading the body (default) or before it
  redirect=URL       answer 308 with Location: URL
  count=K            the misbehaviours set in the same call fire for the next
                     K uploads only (default: until cleared; 0 clears)
  mode=pypi|pypiserver  pypiserver: 409 for any existing file (400 when the
                     User-Agent names twine), 401 without credentials
  hide=SECONDS       new uploads stay off the simple pages that long
  simple_fail=STATUS answer STATUS to GETs of /simple/ (count applies too)
  fallback=URL       a project page with no files listed is answered 303
                     with Location: URL/NAME/, as pypiserver sends those to
                     PyPI (URL may be relative; "" clears it)
  json=0|1           0: never serve PEP 691 JSON (HTML whatever Accept says)
  max_size=BYTES     largest accepted file (default 100 MiB as PyPI; 0: none)
  yank=FILE          mark FILE yanked on the simple pages
  lose=1             store an upload, then close the connection unanswered
  pad=BYTES          an upload's 200 answer carries that many bytes of body
  bare=1             status lines without a reason phrase (the reason only
                     in the body)
  only=TEXT          the misbehaviours fire only on uploads of a file whose
                     name contains TEXT (count counts those uploads)
  reset=1            clear every misbehaviour (and only)
  wipe=1             the server as just started with no option: every file,
                     yank, setting and misbehaviour, the upload count and the
                     request log gone; an upload still in flight is cut, not
                     stored, not logged. Other keys of the same call apply
                     after it (wipe=1&process=0.1): a test resets, rather
                     than restarts, its server between cases
Hostile answers (count and only apply as above):
  trickle=SECONDS    an upload's 200 answer declares a 4096-byte body and
                     sends it one byte every SECONDS
  endless=1          an upload's 200 answer has a body with no length that
                     never ends (until the client goes)
  simple_trickle=SECONDS, simple_endless=1  the same for pages of /simple/
  rst=1              store an upload, then reset the connection (RST)
                     unanswered
  dup400=1           the same bytes again are answered 400 File already
                     exists, as a stricter index does (PyPI answers 200)
  reason=TEXT        an upload's error answer (fail=) has TEXT as its
                     reason phrase, as raw latin-1 bytes (ESC, CR, BEL...)
  title=TEXT         ... and an HTML body <title>TEXT</title> (UTF-8)
A PyPI behind a real link, for make bench (also with --discard):
  process=SECONDS    every upload waits that long once its body is in,
                     before it is answered (PyPI storing and checking it)
  process_per_mb=S   and S seconds more per 1,000,000 bytes of body
  jitter=FRACTION    each such wait times a factor drawn from 1 +- FRACTION
  seed=N             seed of those draws (default 0), so runs repeat
  bandwidth=BYTES    bytes per second for every request body together, as
                     one link carries all connections (0: no cap)
  rtt=SECONDS        a round trip: once when a connection opens (the
                     handshake), once before each answer
Credentials: __token__ / pypi-testtoken and alice / s3cret, or the
USER:PASSWORD lines of --users-file.
--discard: every POST body is read and thrown away, answered 200 in one write.
"""

import base64
import hashlib
import http.server
import json
import os
import random
import re
import socket
import sys
import tarfile
import threading
import time
import urllib.parse
import zipfile

CHUNK = 1 << 20
FIELD_LIMIT = 8 << 20          # one non-file form field
HEADER_LIMIT = 16 << 10        # one part's headers
SOCKET_TIMEOUT = 60            # a silent client is dropped after this
JSON_TYPE = "application/vnd.pypi.simple.v1+json"
HTML_TYPE = "application/vnd.pypi.simple.v1+html"
METADATA_VERSIONS = {"1.0", "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5"}
REUSE_HELP = "See https://pypi.org/help/#file-name-reuse for more information."

VERSION_RE = re.compile(
    r"^\s*v?(?:(?P<epoch>[0-9]+)!)?(?P<release>[0-9]+(?:\.[0-9]+)*)"
    r"(?:[-_.]?(?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?P<pre_n>[0-9]+)?)?"
    r"(?:-(?P<post_n1>[0-9]+)|[-_.]?(?P<post_l>post|rev|r)[-_.]?(?P<post_n2>[0-9]+)?)?"
    r"(?:[-_.]?(?P<dev_l>dev)[-_.]?(?P<dev_n>[0-9]+)?)?"
    r"(?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$", re.I)
NAME_RE = re.compile(r"^([a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$", re.I)


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def version_key(v):
    """A comparable form of a PEP 440 version, or None when invalid."""
    m = VERSION_RE.match(v)
    if not m:
        return None
    rel = [int(x) for x in m.group("release").split(".")]
    while len(rel) > 1 and rel[-1] == 0:
        rel.pop()
    pre = None
    if m.group("pre_l"):
        letter = m.group("pre_l").lower()
        letter = {"alpha": "a", "beta": "b", "c": "rc", "pre": "rc",
                  "preview": "rc"}.get(letter, letter)
        pre = (letter, int(m.group("pre_n") or 0))
    post = None
    if m.group("post_n1") or m.group("post_l"):
        post = int(m.group("post_n1") or m.group("post_n2") or 0)
    dev = int(m.group("dev_n") or 0) if m.group("dev_l") else None
    local = (m.group("local") or "").lower().replace("-", ".").replace("_", ".")
    return (int(m.group("epoch") or 0), tuple(rel), pre, post, dev, local)


class Reject(Exception):
    """An answer other than 200 to an upload."""

    def __init__(self, status, reason, headers=None):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = headers or {}


class Closed(Exception):
    """The connection is dropped without an answer."""


class State:
    def __init__(self, root, users, discard):
        self.root = root
        self.users = users
        self.discard = discard
        self.lock = threading.RLock()   # send() takes faults, at times under it
        self.log_lock = threading.Lock()
        self.stop = threading.Event()
        self.link_lock = threading.Lock()
        # wipe=1 starts a new generation: the requests of an older one are
        # cut, their waits woken (self.wake is set and replaced)
        self.generation = 0
        self.wake = threading.Event()
        self.clear()
        os.makedirs(os.path.join(root, "files"), exist_ok=True)
        os.makedirs(os.path.join(root, "tmp"), exist_ok=True)
        self.load()
        self.write_uploads()

    def clear(self):
        """The state of a server just started with no option."""
        self.projects = {}   # normalized -> {"name": str, "files": {fn: info}}
        self.uploads = 0
        self.faults = {}     # kind -> [value, remaining or -1]
        self.settings = {"mode": "pypi", "hide": 0.0, "json": 1,
                         "max_size": 100 << 20, "retry_after": None,
                         "stall_at": "end", "process": 0.0,
                         "process_per_mb": 0.0, "jitter": 0.0,
                         "bandwidth": 0, "rtt": 0.0, "only": "",
                         "pad": 0, "bare": 0, "fallback": "",
                         "dup400": 0, "reason": "", "title": ""}
        self.rng = random.Random(0)
        self.link_free = 0.0   # when the shared link is next idle
        self.yanked = set()

    def wipe(self):
        """wipe=1: forget every file and setting, cut what is in flight."""
        with self.lock, self.log_lock:
            self.generation += 1
            self.wake.set()
            self.wake = threading.Event()
            self.clear()
            files = os.path.join(self.root, "files")
            for proj in os.listdir(files):
                pdir = os.path.join(files, proj)
                for fn in os.listdir(pdir):
                    os.unlink(os.path.join(pdir, fn))
                os.rmdir(pdir)
            open(os.path.join(self.root, "requests.log"), "w").close()
            self.write_uploads()

    def load(self):
        files = os.path.join(self.root, "files")
        for proj in sorted(os.listdir(files)):
            pdir = os.path.join(files, proj)
            for fn in sorted(os.listdir(pdir)):
                if not fn.endswith(".meta.json"):
                    continue
                with open(os.path.join(pdir, fn), encoding="utf-8") as f:
                    info = json.load(f)
                p = self.projects.setdefault(proj, {"name": info["name"],
                                                    "files": {}})
                info["visible_at"] = 0
                p["files"][info["filename"]] = info

    def write_uploads(self):
        tmp = os.path.join(self.root, "uploads.tmp")
        with open(tmp, "w") as f:
            f.write("%d\n" % self.uploads)
        os.replace(tmp, os.path.join(self.root, "uploads"))

    def count_upload(self):
        with self.lock:
            self.uploads += 1
            self.write_uploads()

    def log(self, entry):
        gen = entry.pop("_gen", None)
        entry.setdefault("end", time.time())
        line = json.dumps(entry, sort_keys=True) + "\n"
        with self.log_lock:
            if gen is not None and gen != self.generation:
                return      # a request from before a wipe
            with open(os.path.join(self.root, "requests.log"), "a",
                      encoding="utf-8") as f:
                f.write(line)

    def set(self, pairs):
        """Apply KEY=VALUE pairs, all or none; ValueError on a bad one."""
        if any(k == "wipe" and v not in ("", "0") for k, v in pairs):
            self.wipe()
        pairs = [(k, v) for k, v in pairs if k != "wipe"]
        saved = (dict(self.settings), set(self.yanked),
                 {k: list(v) for k, v in self.faults.items()})
        try:
            self.apply(pairs)
        except ValueError:
            self.settings, self.yanked, self.faults = saved
            raise

    def apply(self, pairs):
        count = -1
        kinds = []
        for k, v in pairs:
            if k == "count":
                count = int(v)
            elif k in ("fail", "simple_fail"):
                st = int(v)
                if st and not 100 <= st <= 599:
                    raise ValueError("bad status %r" % v)
                kinds.append((k, st))
            elif k == "close":
                kinds.append((k, int(v)))
            elif k == "stall":
                kinds.append((k, float(v)))
            elif k == "redirect":
                kinds.append((k, v))
            elif k in ("lose", "endless", "simple_endless", "rst"):
                kinds.append((k, int(v)))
            elif k in ("trickle", "simple_trickle"):
                kinds.append((k, float(v)))
            elif k == "dup400":
                self.settings[k] = int(v)
            elif k in ("reason", "title"):
                self.settings[k] = v
            elif k in ("pad", "bare"):
                self.settings[k] = int(v)
            elif k == "retry_after":
                self.settings[k] = int(v) if v not in ("", "0") else None
            elif k == "stall_at":
                if v not in ("start", "end"):
                    raise ValueError("stall_at is start or end")
                self.settings[k] = v
            elif k == "mode":
                if v not in ("pypi", "pypiserver"):
                    raise ValueError("mode is pypi or pypiserver")
                self.settings[k] = v
            elif k in ("hide", "process", "process_per_mb", "jitter", "rtt"):
                if float(v) < 0:
                    raise ValueError("%s is not negative" % k)
                self.settings[k] = float(v)
            elif k in ("only", "fallback"):
                self.settings[k] = v
            elif k == "bandwidth":
                if int(v) < 0:
                    raise ValueError("bandwidth is not negative")
                self.settings[k] = int(v)
            elif k == "seed":
                self.rng = random.Random(int(v))
            elif k in ("json", "max_size"):
                self.settings[k] = int(v)
            elif k == "yank":
                self.yanked.add(v)
            elif k == "unyank":
                self.yanked.discard(v)
            elif k == "reset":
                self.faults.clear()
                self.settings["retry_after"] = None
                self.settings["stall_at"] = "end"
                self.settings["only"] = ""
                self.settings["pad"] = self.settings["bare"] = 0
                self.settings["dup400"] = 0
                self.settings["reason"] = self.settings["title"] = ""
            else:
                raise ValueError("unknown key %r" % k)
        with self.lock:
            for k, v in kinds:
                if v in (0, "", 0.0) or count == 0:
                    self.faults.pop(k, None)
                else:
                    self.faults[k] = [v, count]

    def link(self, n):
        """n bytes crossed the shared link: wait for their turn on it."""
        bw = self.settings["bandwidth"]
        if not bw or n <= 0:
            return
        with self.link_lock:
            t = max(time.time(), self.link_free) + n / bw
            self.link_free = t
        self.stop.wait(max(0.0, t - time.time()))

    def processing(self, nbytes):
        """Seconds an upload of nbytes waits before its answer."""
        s = self.settings
        with self.lock:
            f = 1 + self.rng.uniform(-s["jitter"], s["jitter"])
        return max(0.0, (s["process"] + s["process_per_mb"] * nbytes / 1e6) * f)

    def take(self, kind):
        """The value of an active misbehaviour, consuming one use."""
        with self.lock:
            f = self.faults.get(kind)
            if not f:
                return None
            if f[1] > 0:
                f[1] -= 1
                if f[1] == 0:
                    del self.faults[kind]
            return f[0]

    def snapshot(self):
        with self.lock:
            return {"uploads": self.uploads,
                    "faults": {k: {"value": v[0], "remaining": v[1]}
                               for k, v in self.faults.items()},
                    "settings": dict(self.settings),
                    "yanked": sorted(self.yanked),
                    "projects": sorted(self.projects)}


class Link:
    """A request body read at the shared link's rate."""
    STEP = 64 << 10

    def __init__(self, rfile, state):
        self.rfile = rfile
        self.st = state

    def read1(self, n):
        data = self.rfile.read1(min(n, self.STEP))
        self.st.link(len(data))
        return data

    def read(self, n):
        return self.read1(n)

    def readinto(self, mv):
        got = self.rfile.readinto(mv[:self.STEP])
        self.st.link(got or 0)
        return got


class MultipartReader:
    """Streams a multipart/form-data body: small fields in memory, the
    'content' part to a file while hashing it."""

    def __init__(self, rfile, length, boundary, on_file_chunk, close_after):
        self.rfile = rfile
        self.left = length
        self.delim = b"\r\n--" + boundary
        self.buf = b"\r\n"     # so the first boundary looks like the others
        self.on_file_chunk = on_file_chunk
        self.close_after = close_after
        self.read_bytes = 0
        self.on_file = lambda filename: None

    def fill(self):
        if self.left <= 0:
            return False
        n = min(CHUNK, self.left)
        if self.close_after is not None:
            n = min(n, self.close_after - self.read_bytes)
            if n <= 0:
                raise Closed()
        data = self.rfile.read1(n) if hasattr(self.rfile, "read1") else \
            self.rfile.read(n)
        if not data:
            raise Reject(400, "Connection closed before the end of the body")
        self.left -= len(data)
        self.read_bytes += len(data)
        self.buf += data
        return True

    def drain(self):
        while self.left > 0:
            if self.close_after is not None and \
                    self.read_bytes >= self.close_after:
                raise Closed()
            n = min(CHUNK, self.left)
            if self.close_after is not None:
                n = min(n, self.close_after - self.read_bytes)
            data = self.rfile.read1(n)
            if not data:
                raise Closed()
            self.left -= len(data)
            self.read_bytes += len(data)

    def parts(self):
        """Yields (headers dict, name, filename, value or None)."""
        # A preamble before the first boundary is allowed (RFC 2046).
        while self.buf.find(self.delim) < 0:
            if len(self.buf) > HEADER_LIMIT or not self.fill():
                raise Reject(400, "Malformed multipart body: no boundary")
        self.buf = self.buf[self.buf.find(self.delim):]
        while True:
            while len(self.buf) < len(self.delim) + 2:
                if not self.fill():
                    raise Reject(400, "Malformed multipart body")
            i = self.buf.find(self.delim)
            if i != 0:
                raise Reject(400, "Malformed multipart body")
            rest = self.buf[len(self.delim):]
            if rest.startswith(b"--"):
                self.buf = b""
                self.drain()
                return
            if not rest.startswith(b"\r\n"):
                raise Reject(400, "Malformed multipart body")
            self.buf = rest[2:]
            while b"\r\n\r\n" not in self.buf:
                if len(self.buf) > HEADER_LIMIT or not self.fill():
                    raise Reject(400, "Malformed multipart part headers")
            head, self.buf = self.buf.split(b"\r\n\r\n", 1)
            headers = {}
            for line in head.decode("utf-8", "replace").split("\r\n"):
                if ":" in line:
                    k, v = line.split(":", 1)
                    headers[k.strip().lower()] = v.strip()
            disp = parse_params(headers.get("content-disposition", ""))
            name = disp.get("name")
            filename = disp.get("filename")
            if name is None:
                raise Reject(400, "Malformed multipart part: no name")
            if filename is not None and name == "content":
                self.on_file(filename)
                self.stream_part(self.on_file_chunk)
                yield headers, name, filename, None
            else:
                # another file (twine's gpg_signature): kept as a field
                chunks = []
                size = [0]

                def keep(b):
                    size[0] += len(b)
                    if size[0] > FIELD_LIMIT:
                        raise Reject(400, "Form field %r too large" % name)
                    chunks.append(b)
                self.stream_part(keep)
                yield headers, name, filename, b"".join(chunks)

    def stream_part(self, sink):
        keep = len(self.delim) - 1
        while True:
            i = self.buf.find(self.delim)
            if i >= 0:
                if i:
                    sink(self.buf[:i])
                self.buf = self.buf[i:]
                return
            if len(self.buf) > keep:
                sink(self.buf[:-keep])
                self.buf = self.buf[-keep:]
            if not self.fill():
                raise Reject(400, "Malformed multipart body: no closing boundary")


def parse_params(value):
    """'form-data; name="a"; filename="b"' -> {'name': 'a', 'filename': 'b'}"""
    out = {}
    i, n = 0, len(value)
    first = True
    while i < n:
        j = i
        while j < n and value[j] not in ";=":
            j += 1
        key = value[i:j].strip().lower()
        if j < n and value[j] == "=":
            j += 1
            if j < n and value[j] == '"':
                j += 1
                val = []
                while j < n and value[j] != '"':
                    if value[j] == "\\" and j + 1 < n:
                        j += 1
                    val.append(value[j])
                    j += 1
                j += 1
                v = "".join(val)
                while j < n and value[j] != ";":
                    j += 1
            else:
                k = j
                while j < n and value[j] != ";":
                    j += 1
                v = value[k:j].strip()
            out[key] = v
        elif not first:
            out[key] = ""
        first = False
        i = j + 1
    return out


def check_archive(path, filetype, filename=""):
    try:
        if filetype == "bdist_wheel":
            with zipfile.ZipFile(path) as z:
                names = z.namelist()
                infos = z.infolist()
            for zi in infos:
                if zi.compress_type not in (zipfile.ZIP_STORED,
                                            zipfile.ZIP_DEFLATED):
                    return "Invalid distribution file: member compression"
            # as PyPI: {name}-{version}.dist-info of the file name; others
            # do not count (else the single one, for renamed copies)
            d = "-".join(filename.split("-", 2)[:2]) + ".dist-info"
            di = {n.split("/", 1)[0] for n in names
                  if n.split("/", 1)[0].endswith(".dist-info")}
            if d + "/WHEEL" not in names:
                if len(di) != 1:
                    return "Invalid distribution file: no single .dist-info"
                d = di.pop()
            for want in ("WHEEL", "METADATA", "RECORD"):
                if d + "/" + want not in names:
                    return "Invalid distribution file: no %s" % want
        else:
            with tarfile.open(path, "r:gz") as t:
                tops = set()
                pkginfo = False
                for m in t:
                    parts = m.name.lstrip("./").split("/")
                    tops.add(parts[0])
                    if len(parts) == 2 and parts[1] == "PKG-INFO":
                        pkginfo = True
            if len(tops) != 1 or not pkginfo:
                return "Invalid distribution file: no PKG-INFO in the top directory"
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as e:
        return "Invalid distribution file: %s" % e
    return None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "relkit-indexserver/1"
    timeout = SOCKET_TIMEOUT

    def setup(self):
        super().setup()
        if self.st.settings["rtt"]:
            self.st.stop.wait(self.st.settings["rtt"])

    def body_in(self):
        """Where a request body is read from: the link, when capped."""
        if self.st.settings["bandwidth"]:
            return Link(self.rfile, self.st)
        return self.rfile

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (time.strftime("%H:%M:%S"), fmt % args))

    @property
    def st(self):
        return self.server.state

    # ---- helpers -------------------------------------------------------

    def send(self, status, reason=None, body=b"", ctype="text/plain; charset=utf-8",
             headers=None, entry=None):
        # http.server writes the status line and headers as latin-1.
        reason = (reason or "").replace("\r", " ").replace("\n", " ")
        reason = reason.encode("latin-1", "replace").decode("latin-1")
        upload = entry is not None and self.command == "POST"
        if upload and status == 200 and self.st.take("lose"):
            raise Closed()
        only = self.st.settings["only"]
        named = upload and (not only or only in
                            (entry.get("content") or {}).get("filename", ""))
        if named and status == 200 and self.st.take("rst"):
            raise Closed("rst")
        if upload and status >= 400 and self.st.settings["reason"]:
            reason = self.st.settings["reason"].encode(
                "latin-1", "replace").decode("latin-1")   # raw: ESC, CR...
        if upload and status >= 400 and self.st.settings["title"]:
            body = "<html><head><title>%s</title></head></html>\n" % \
                self.st.settings["title"]
            ctype = "text/html; charset=utf-8"
        if named and status == 200:
            for kind in ("trickle", "endless"):
                v = self.st.take(kind)
                if v:
                    if entry is not None:
                        entry["status"] = status
                        entry["reason"] = kind
                        self.st.log(entry)
                    return self.hostile_body(kind, v)
        if upload and status == 200 and self.st.settings["pad"]:
            body = "OK\n" + "." * self.st.settings["pad"]
        if entry is not None:
            entry["status"] = status
            entry["reason"] = reason
            self.st.log(entry)
        if isinstance(body, str):
            body = body.encode("utf-8")
        if self.st.settings["rtt"]:
            self.st.stop.wait(self.st.settings["rtt"])
        self.send_response(status, "" if self.st.settings["bare"] else
                           reason or None)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, str(v).encode("latin-1", "replace")
                             .decode("latin-1"))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def hostile_body(self, kind, v):
        """A 200 whose body trickles (one byte every v seconds) or never
        ends, until the client goes or the server stops."""
        self.send_response(200, "OK")
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if kind.endswith("trickle"):
            self.send_header("Content-Length", "4096")
        else:
            self.close_connection = True
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()
        chunk = b"<!-- endless -->" * 4096
        sent = 0
        try:
            while not self.st.stop.is_set():
                if kind.endswith("trickle"):
                    if sent >= 4096:
                        break
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    sent += 1
                    self.st.stop.wait(v)
                else:
                    self.wfile.write(chunk)
        except OSError:
            pass
        self.close_connection = True

    def base_entry(self):
        auth = self.headers.get("Authorization")
        hdrs = {k.lower(): v for k, v in self.headers.items()
                if k.lower() != "authorization"}
        self.gen, self.wake = self.st.generation, self.st.wake
        return {"time": time.time(), "method": self.command, "path": self.path,
                "headers": hdrs, "authorization": auth is not None,
                "user": None, "_gen": self.gen,
                "peer": self.client_address[1]}

    def auth_user(self, entry):
        """(user, ok): the Basic auth user and whether the password is right."""
        auth = self.headers.get("Authorization", "")
        if not auth.lower().startswith("basic "):
            return None, False
        try:
            raw = base64.b64decode(auth[6:].strip(), validate=True).decode()
        except (ValueError, UnicodeDecodeError):
            return None, False
        user, _, pw = raw.partition(":")
        entry["user"] = user
        return user, self.st.users.get(user) == pw

    # ---- GET -----------------------------------------------------------

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        if path.startswith("/_ctl"):
            return self.ctl(url.query)
        entry = self.base_entry()
        if path.startswith("/simple"):
            fail = self.st.take("simple_fail")
            if fail:
                hdrs = {}
                if self.st.settings["retry_after"] is not None:
                    hdrs["Retry-After"] = str(self.st.settings["retry_after"])
                return self.send(fail, "Injected failure", "Injected failure\n",
                                 headers=hdrs, entry=entry)
            for kind in ("simple_trickle", "simple_endless"):
                v = self.st.take(kind)
                if v:
                    entry["status"] = 200
                    entry["reason"] = kind
                    self.st.log(entry)
                    return self.hostile_body(kind, v)
            return self.simple(path, entry)
        if path.startswith("/files/"):
            return self.file(path, entry)
        self.send(404, "Not Found", "Not Found\n", entry=entry)

    def wants_json(self):
        if not self.st.settings["json"]:
            return False
        best = {"json": 0.0, "html": 0.0}
        for item in self.headers.get("Accept", "").split(","):
            parts = [p.strip() for p in item.split(";")]
            mt = parts[0].lower()
            q = 1.0
            for p in parts[1:]:
                if p.lower().startswith("q="):
                    try:
                        q = float(p[2:])
                    except ValueError:
                        q = 0.0
            kind = "json" if mt == JSON_TYPE else \
                "html" if mt in (HTML_TYPE, "text/html", "*/*") else None
            if kind:
                best[kind] = max(best[kind], q)
        return best["json"] > 0 and best["json"] >= best["html"]

    def visible(self, info):
        return time.time() >= info.get("visible_at", 0)

    def simple(self, path, entry):
        parts = [p for p in path.split("/") if p]
        if len(parts) == 1:
            if not path.endswith("/"):
                return self.send(301, "Moved Permanently", "",
                                 headers={"Location": "/simple/"}, entry=entry)
            with self.st.lock:
                projects = sorted((k, v["name"]) for k, v in
                                  self.st.projects.items()
                                  if any(self.visible(i) for i in v["files"].values()))
            if self.wants_json():
                doc = {"meta": {"api-version": "1.1"},
                       "projects": [{"name": n} for _, n in projects]}
                return self.send(200, "OK", json.dumps(doc), JSON_TYPE,
                                 entry=entry)
            body = ["<!DOCTYPE html>\n<html>\n<head>\n"
                    '<meta name="pypi:repository-version" content="1.1">\n'
                    "<title>Simple index</title>\n</head>\n<body>\n"]
            for norm, _ in projects:
                body.append('<a href="/simple/%s/">%s</a><br/>\n'
                            % (html_escape(norm), html_escape(norm)))
            body.append("</body>\n</html>\n")
            return self.send(200, "OK", "".join(body), "text/html; charset=utf-8",
                             entry=entry)
        if len(parts) != 2:
            return self.send(404, "Not Found", "Not Found\n", entry=entry)
        norm = normalize(parts[1])
        if norm != parts[1] or not path.endswith("/"):
            return self.send(301, "Moved Permanently", "",
                             headers={"Location": "/simple/%s/" % norm},
                             entry=entry)
        with self.st.lock:
            p = self.st.projects.get(norm)
            files = [] if p is None else \
                [dict(i) for _, i in sorted(p["files"].items()) if self.visible(i)]
            name = p["name"] if p else norm
        if not files and self.st.settings["fallback"]:
            return self.send(303, "See Other", "", headers={"Location": "%s/%s/"
                             % (self.st.settings["fallback"].rstrip("/"), norm)},
                             entry=entry)
        if not files:
            return self.send(404, "Not Found", "Not Found\n", entry=entry)
        if self.wants_json():
            doc = {"meta": {"api-version": "1.1"}, "name": norm,
                   "versions": sorted({f["version"] for f in files}),
                   "files": []}
            for f in files:
                doc["files"].append({
                    "filename": f["filename"],
                    "url": "/files/%s/%s" % (norm, urllib.parse.quote(f["filename"])),
                    "hashes": {"sha256": f["sha256"]},
                    "requires-python": f.get("requires_python") or None,
                    "size": f["size"],
                    "upload-time": f["upload_time"],
                    "yanked": f["filename"] in self.st.yanked,
                })
            return self.send(200, "OK", json.dumps(doc), JSON_TYPE, entry=entry)
        body = ["<!DOCTYPE html>\n<html>\n<head>\n"
                '<meta name="pypi:repository-version" content="1.1">\n'
                "<title>Links for %s</title>\n</head>\n<body>\n"
                "<h1>Links for %s</h1>\n" % (html_escape(name), html_escape(name))]
        for f in files:
            attrs = ' href="/files/%s/%s#sha256=%s"' % (
                norm, urllib.parse.quote(f["filename"]), f["sha256"])
            if f.get("requires_python"):
                attrs += ' data-requires-python="%s"' % html_escape(
                    f["requires_python"])
            if f["filename"] in self.st.yanked:
                attrs += ' data-yanked=""'
            body.append("<a%s>%s</a><br/>\n" % (attrs, html_escape(f["filename"])))
        body.append("</body>\n</html>\n")
        self.send(200, "OK", "".join(body), "text/html; charset=utf-8",
                  entry=entry)

    def file(self, path, entry):
        parts = [p for p in path.split("/") if p]
        if len(parts) != 3 or parts[2].startswith(".") or \
                parts[2].endswith(".meta.json"):
            return self.send(404, "Not Found", "Not Found\n", entry=entry)
        with self.st.lock:
            p = self.st.projects.get(parts[1])
            info = p and p["files"].get(parts[2])
        if not info:
            return self.send(404, "Not Found", "Not Found\n", entry=entry)
        fpath = os.path.join(self.st.root, "files", parts[1], parts[2])
        entry["status"] = 200
        self.st.log(entry)
        with open(fpath, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if self.command == "HEAD":
                return
            while True:
                b = f.read(CHUNK)
                if not b:
                    break
                self.wfile.write(b)

    # ---- control -------------------------------------------------------

    def ctl(self, query, body=b""):
        path = urllib.parse.urlsplit(self.path).path
        if path.rstrip("/") == "/_ctl/ping":
            return self.send(200, "OK", "pong\n")
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        pairs += urllib.parse.parse_qsl(body.decode("utf-8", "replace"),
                                        keep_blank_values=True)
        try:
            self.st.set(pairs)
        except ValueError as e:
            return self.send(400, "Bad control request", "%s\n" % e)
        self.send(200, "OK", json.dumps(self.st.snapshot(), sort_keys=True) + "\n",
                  "application/json")

    # ---- POST ----------------------------------------------------------

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/_ctl"):
            n = int(self.headers.get("Content-Length") or 0)
            return self.ctl(url.query, self.rfile.read(min(n, 1 << 16)))
        if self.st.discard:
            return self.discard()
        entry = self.base_entry()
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.close_connection = True
            return self.send(411, "Length Required", "Length Required\n",
                             entry=entry)
        length = int(length)
        entry["body_bytes"] = length
        if url.path == "/legacy":
            self.drain(length)
            return self.send(308, "Permanent Redirect", "",
                             headers={"Location": "http://%s/legacy/" %
                                      self.headers.get("Host", "127.0.0.1")},
                             entry=entry)
        if url.path != "/legacy/":
            self.drain(length)
            return self.send(404, "Not Found", "Not Found\n", entry=entry)
        try:
            self.upload(length, entry)
        except Closed as c:
            entry["status"] = 0
            entry["reason"] = "connection closed by the server"
            self.st.log(entry)
            self.close_connection = True
            try:
                if c.args == ("rst",):   # SO_LINGER 0: close sends RST
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER,
                        b"\1\0\0\0\0\0\0\0")
                    self.connection.close()
                else:
                    self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        except Reject as r:
            self.send(r.status, r.reason, r.reason + "\n", headers=r.headers,
                      entry=entry)
        except (ConnectionError, socket.timeout) as e:
            entry["status"] = 0
            entry["reason"] = "client: %s" % e
            self.st.log(entry)
            self.close_connection = True

    def drain(self, n):
        while n > 0:
            b = self.body_in().read1(min(CHUNK, n))
            if not b:
                self.close_connection = True
                return
            n -= len(b)

    def discard(self):
        n = int(self.headers.get("Content-Length") or 0)
        buf = bytearray(CHUNK)
        mv = memoryview(buf)
        src = self.body_in()
        while n > 0:
            got = src.readinto(mv[:min(CHUNK, n)])
            if not got:
                self.close_connection = True
                return
            n -= got
        self.st.stop.wait(self.st.processing(int(self.headers.get("Content-Length"))))
        if self.st.settings["rtt"]:
            self.st.stop.wait(self.st.settings["rtt"])
        self.st.count_upload()
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n"
                         b"Content-Type: text/plain\r\n\r\n")

    def wait(self, seconds):
        """Wait, cut short by the server stopping or a wipe (which cuts
        the request: Closed)."""
        wake = getattr(self, "wake", None)
        if wake is None:
            self.st.stop.wait(seconds)
            return
        end = time.time() + seconds
        while not self.st.stop.is_set() and not wake.is_set():
            left = end - time.time()
            if left <= 0:
                break
            wake.wait(min(left, 0.2))
        if wake.is_set():
            raise Closed()

    def upload(self, length, entry):
        st = self.st
        only = st.settings["only"]
        redirect = close = stall = fail = None

        def take():
            nonlocal redirect, close, stall, fail
            redirect = st.take("redirect")
            close = st.take("close")
            stall = st.take("stall")
            fail = st.take("fail")
            if stall and st.settings["stall_at"] == "start":
                self.wait(stall)
                stall = None
        if not only:
            take()
        ctype = self.headers.get("Content-Type", "")
        params = parse_params(ctype)
        if not ctype.lower().startswith("multipart/form-data") or \
                not params.get("boundary"):
            self.drain(length)
            raise Reject(400, "Invalid request: not multipart/form-data")
        hashers = {"sha256": hashlib.sha256(),
                   "blake2_256": hashlib.blake2b(digest_size=32),
                   "md5": hashlib.md5()}
        tmp = os.path.join(st.root, "tmp", "up-%d-%d" % (os.getpid(),
                                                      threading.get_ident()))
        out = open(tmp, "wb")
        size = [0]
        limit = st.settings["max_size"]
        # Without the right password the body is read but not kept.
        if self.auth_user({})[1] is False:
            limit = -1

        def sink(b):
            size[0] += len(b)
            for h in hashers.values():
                h.update(b)
            if limit == 0 or 0 < limit and size[0] <= limit:
                out.write(b)
        try:
            if close is not None:
                close = max(0, min(close, length - 1))
            reader = MultipartReader(self.body_in(), length,
                                     params["boundary"].encode("latin-1"),
                                     sink, close)

            def on_file(filename):
                entry["content"] = {"filename": filename}
                # only=: the misbehaviours are for this file's uploads
                if only and only in filename:
                    take()
                    if close is not None:
                        reader.close_after = max(reader.read_bytes,
                                                 min(close, length - 1))
            reader.on_file = on_file
            fields = []
            content_name = None
            nfiles = 0
            for _, name, filename, value in reader.parts():
                if filename is not None and value is None:
                    nfiles += 1
                    if name == "content":
                        content_name = filename
                    continue
                fields.append([name, value.decode("utf-8", "replace")])
            out.close()
            entry["fields"] = fields
            entry["body_end"] = time.time()
            if content_name is not None:
                entry["content"] = {"filename": content_name, "size": size[0],
                                    "sha256": hashers["sha256"].hexdigest()}
            if stall:
                self.wait(stall)
            self.wait(st.processing(length))
            if redirect:
                raise Reject(308, "Permanent Redirect",
                             {"Location": redirect})
            if fail:
                hdrs = {}
                if st.settings["retry_after"] is not None:
                    hdrs["Retry-After"] = str(st.settings["retry_after"])
                raise Reject(fail, {500: "Internal Server Error",
                                    502: "Bad Gateway",
                                    503: "Service Unavailable",
                                    504: "Gateway Timeout"}.get(
                                        fail, "Injected failure"), hdrs)
            self.check_and_store(entry, dict_multi(fields), content_name,
                                 size[0], hashers, tmp, nfiles)
        finally:
            if not out.closed:
                out.close()
            if os.path.exists(tmp):
                os.unlink(tmp)

    def check_and_store(self, entry, form, filename, size, hashers, tmp, nfiles):
        st = self.st
        pypiserver = st.settings["mode"] == "pypiserver"
        user, ok = self.auth_user(entry)
        if user is None:
            if pypiserver:
                raise Reject(401, "Unauthorized",
                             {"WWW-Authenticate": 'Basic realm="pypi"'})
            raise Reject(403, "Invalid or non-existent authentication information. "
                         "See https://pypi.org/help/#invalid-auth for more information.")
        if not ok:
            raise Reject(403, "Invalid or non-existent authentication information. "
                         "See https://pypi.org/help/#invalid-auth for more information.")

        def one(k):
            v = form.get(k, [""])
            return v[0] if v else ""
        if one(":action") != "file_upload":
            raise Reject(400, "Invalid request: :action must be file_upload")
        if one("protocol_version") not in ("", "1"):
            raise Reject(400, "Unknown protocol version.")
        mv = one("metadata_version")
        if mv not in METADATA_VERSIONS:
            raise Reject(400, "'%s' is an invalid value for Metadata-Version. "
                         "Error: Use a known metadata version." % mv)
        name = one("name")
        if not NAME_RE.match(name):
            raise Reject(400, "'%s' is an invalid value for Name. Error: Start "
                         "and end with a letter or numeral containing only "
                         "ASCII numeric and '.', '_' and '-'." % name)
        version = one("version")
        vkey = version_key(version)
        if vkey is None:
            raise Reject(400, "'%s' is an invalid value for Version. Error: "
                         "Start and end with a letter or numeral containing "
                         "only ASCII numeric and '.', '_' and '-'." % version)
        if vkey[5]:
            raise Reject(400, "The use of local versions in '%s' is not allowed."
                         % version)
        if len(one("summary")) > 512:
            raise Reject(400, "'summary' is an invalid value for Summary. "
                         "Error: Field cannot be longer than 512 characters.")
        filetype = one("filetype")
        if filetype not in ("sdist", "bdist_wheel"):
            raise Reject(400, "Invalid value for filetype. Error: Use a known "
                         "file type.")
        if filename is None or nfiles != 1:
            raise Reject(400, "Upload payload does not have a file.")
        if "/" in filename or "\\" in filename or filename.startswith("."):
            raise Reject(400, "Invalid file name: %r" % filename)
        norm = normalize(name)
        if filename.endswith(".whl"):
            if filetype != "bdist_wheel":
                raise Reject(400, "Invalid file extension: .whl is for "
                             "bdist_wheel, not %s." % filetype)
            parts = filename[:-4].split("-")
            if len(parts) not in (5, 6):
                raise Reject(400, "Invalid wheel filename (wrong number of "
                             "parts): %s" % filename)
            if normalize(parts[0]) != norm:
                raise Reject(400, "Start filename for %r with %r." %
                             (name, re.sub(r"[-_.]+", "_", name).lower()))
            if version_key(parts[1]) != vkey:
                raise Reject(400, "Version in filename should be %r not %r." %
                             (version, parts[1]))
        elif filename.endswith(".tar.gz"):
            if filetype != "sdist":
                raise Reject(400, "Invalid file extension: .tar.gz is for "
                             "sdist, not %s." % filetype)
            want = "%s-%s.tar.gz" % (norm.replace("-", "_"), version)
            stem = filename[:-7]
            npart, _, vpart = stem.partition("-")
            if npart != norm.replace("-", "_") or version_key(vpart) != vkey:
                raise Reject(400, "Filename %r is invalid, should be %r." %
                             (filename, want))
        else:
            raise Reject(400, "Invalid file extension: Use .tar.gz or .whl "
                         "extension. See https://www.python.org/dev/peps/pep-0527 "
                         "and https://peps.python.org/pep-0625/ for more "
                         "information")
        limit = st.settings["max_size"]
        if limit and size > limit:
            raise Reject(400, "File too large. Limit for project %r is %d MB. "
                         "See https://pypi.org/help/#file-size-limit for more "
                         "information." % (name, limit >> 20))
        digests = {k: h.hexdigest() for k, h in hashers.items()}
        sent = [k for k in ("md5", "sha256", "blake2_256")
                if one(k + "_digest")]
        if not sent:
            raise Reject(400, "Include at least one message digest.")
        for k in sent:
            if one(k + "_digest").lower() != digests[k]:
                raise Reject(400, "The digest supplied does not match a digest "
                             "calculated from the uploaded file.")
        bad = check_archive(tmp, filetype, filename)
        if bad:
            raise Reject(400, bad)
        with st.lock:
            if self.gen != st.generation:
                raise Closed()      # wiped while it came in
            proj = st.projects.get(norm)
            files = proj["files"] if proj else {}
            old = files.get(filename)
            if old is not None:
                if pypiserver:
                    twine = "twine" in self.headers.get("User-Agent", "").lower()
                    raise Reject(400 if twine else 409,
                                 "Bad Request" if twine else "Conflict")
                if old["sha256"] == digests["sha256"] and \
                        not st.settings["dup400"]:
                    entry["stored"] = False
                    st.uploads += 1
                    st.write_uploads()
                    return self.send(200, "OK", "", entry=entry)
                raise Reject(400, "File already exists ('%s', with blake2_256 "
                             "hash '%s'). %s" % (filename, digests["blake2_256"],
                                                 REUSE_HELP))
            if not pypiserver:
                for p in st.projects.values():
                    for f in p["files"].values():
                        if f["blake2_256"] == digests["blake2_256"]:
                            raise Reject(400, "File already exists ('%s', with "
                                         "blake2_256 hash '%s'). %s" % (
                                             filename, digests["blake2_256"],
                                             REUSE_HELP))
                if filetype == "sdist":
                    for f in files.values():
                        if f["filetype"] == "sdist" and \
                                version_key(f["version"]) == vkey:
                            raise Reject(400, "Only one sdist may be uploaded "
                                         "per release.")
            pdir = os.path.join(st.root, "files", norm)
            os.makedirs(pdir, exist_ok=True)
            info = {"name": name, "filename": filename, "version": version,
                    "filetype": filetype, "size": size,
                    "sha256": digests["sha256"],
                    "blake2_256": digests["blake2_256"],
                    "requires_python": one("requires_python"),
                    "upload_time": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z",
                                                 time.gmtime()),
                    "user": user}
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
            os.replace(tmp, os.path.join(pdir, filename))
            mtmp = os.path.join(pdir, "." + filename + ".meta.tmp")
            with open(mtmp, "w", encoding="utf-8") as f:
                json.dump(info, f)
            os.replace(mtmp, os.path.join(pdir, filename + ".meta.json"))
            info["visible_at"] = time.time() + st.settings["hide"]
            if proj is None:
                proj = st.projects[norm] = {"name": name, "files": {}}
            proj["files"][filename] = info
            entry["stored"] = True
            st.uploads += 1
            st.write_uploads()
        self.send(200, "OK", "", entry=entry)


def dict_multi(pairs):
    d = {}
    for k, v in pairs:
        d.setdefault(k, []).append(v)
    return d


def html_escape(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def main(argv):
    root = None
    port_file = None
    port = 0
    users = {"__token__": "pypi-testtoken", "alice": "s3cret"}
    discard = False
    pairs = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if not a.startswith("--"):
            sys.exit("indexserver: unexpected argument %r" % a)
        key, eq, val = a[2:].partition("=")
        key = key.replace("-", "_")
        if key == "discard":
            discard = True
            i += 1
            continue
        if key in ("h", "help"):
            print(__doc__)
            return 0
        if not eq:
            if i + 1 >= len(argv):
                sys.exit("indexserver: %s needs a value" % a)
            val = argv[i + 1]
            i += 1
        i += 1
        if key == "dir":
            root = val
        elif key == "port_file":
            port_file = val
        elif key == "port":
            port = int(val)
        elif key == "users_file":
            users = {}
            with open(val, encoding="utf-8") as f:
                for line in f:
                    u, sep, p = line.rstrip("\n").partition(":")
                    if sep:
                        users[u] = p
        else:
            pairs.append((key, val))
    if root is None:
        sys.exit("indexserver: --dir DIR is required")
    state = State(root, users, discard)
    try:
        state.set(pairs)
    except ValueError as e:
        sys.exit("indexserver: %s" % e)
    srv = Server(("127.0.0.1", port), Handler)
    srv.state = state
    if port_file:
        tmp = port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % srv.server_address[1])
        os.replace(tmp, port_file)
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        state.stop.set()
        srv.server_close()
    return 0


if __name__ == "__main__":
    import signal

    def on_term(signum, frame):
        raise KeyboardInterrupt()
    signal.signal(signal.SIGTERM, on_term)
    sys.exit(main(sys.argv[1:]))
