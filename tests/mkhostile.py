#!/usr/bin/python3
# relkit — MIT licence, see LICENSE.
"""Make hostile wheels and sdists at the zip and tar formats' edges.

usage: mkhostile.py DIR              the archives of tests/pkgls.t
       mkhostile.py --many N DIR     also many-1.0-py3-none-any.whl, N members
       mkhostile.py --links N DIR    also links-1.0.tar.gz: N symlinks, a
                                     file beneath each
       mkhostile.py --judge DIR [WAREHOUSE]
                                     each archive's verdict by zipfile,
                                     tarfile's 'data' filter and (given a
                                     warehouse checkout) validate_zipfile

Python's standard library only. Zips are written record by record here
(struct), so that every field can be set: zip64 extra fields and end
records, methods, local header names, data descriptors, comments, system
and attribute bits. Deterministic: fixed times and member order.
"""
import base64
import hashlib
import io
import os
import struct
import sys
import tarfile
import zipfile
import zlib

DOSDATE = ((2024 - 1980) << 9) | (1 << 5) | 2     # 2024-01-02
DOSTIME = (3 << 11) | (4 << 5) | 3                # 03:04:06
MTIME = 1704164646


def rec_hash(data):
    d = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(d).rstrip(b"=").decode()


def compress(method, data):
    if method == 0:
        return data
    if method in (8, 12, 14):
        c = zipfile._get_compressor(method)
        return c.compress(data) + c.flush()
    return data     # an unsupported method: the bytes stay as they are


class M:
    """One zip member and how to spell it."""

    def __init__(self, name, data=b"", method=8, **kw):
        self.name = name.encode() if isinstance(name, str) else name
        self.data = data.encode() if isinstance(data, str) else data
        self.method = method
        self.flags = kw.get("flags", 0)
        self.sys = kw.get("sys", 3)
        mode = kw.get("mode", 0o040755 if self.name.endswith(b"/")
                      else 0o100644)
        self.ext = kw.get("ext", mode << 16)
        self.local_name = kw.get("local_name", self.name)
        self.zip64 = kw.get("zip64", False)       # sizes in zip64 extras
        self.comment = kw.get("comment", b"")
        self.dd = kw.get("dd", False)             # data descriptor
        self.size = kw.get("size")                # declared, if a lie
        self.raw = kw.get("raw")                  # stored bytes, if given
        self.local_csize = kw.get("local_csize")  # local header's, if a lie
        self.local_extra = kw.get("local_extra", b"")


def build_zip(members, zip64_end=False, comment=b"", trailing=b"",
              prefix=b"", gap=b"", ext64=b"", count=None):
    out = io.BytesIO()
    out.write(prefix)
    cd = []
    for m in members:
        raw = m.raw if m.raw is not None else compress(m.method, m.data)
        size = m.size if m.size is not None else len(m.data)
        crc = zlib.crc32(m.data)
        off = out.tell() - len(prefix)
        flags = m.flags | (8 if m.dd else 0)
        lcs, lsz = len(raw), size
        if m.local_csize is not None:
            lcs = m.local_csize
        lextra = m.local_extra
        if m.zip64:
            lextra = struct.pack("<HHQQ", 1, 16, lsz, lcs) + lextra
            lcs = lsz = 0xFFFFFFFF
        if m.dd:
            lcrc, lcs, lsz = 0, 0, 0
        else:
            lcrc = crc
        out.write(struct.pack("<4sHHHHHLLLHH", b"PK\3\4", 20, flags,
                              m.method, DOSTIME, DOSDATE, lcrc, lcs, lsz,
                              len(m.local_name), len(lextra)))
        out.write(m.local_name + lextra + raw)
        if m.dd:
            out.write(struct.pack("<4sLLL", b"PK\7\10", crc, len(raw), size))
        cd.append((m, raw, size, crc, off, flags))
    out.write(gap)
    cd_start = out.tell() - len(prefix)
    for m, raw, size, crc, off, flags in cd:
        cs, sz, ho, extra = len(raw), size, off, b""
        if m.zip64:
            extra = struct.pack("<HHQQQ", 1, 24, sz, cs, ho)
            cs = sz = ho = 0xFFFFFFFF
        out.write(struct.pack("<4sBBHHHHHLLLHHHHHLL", b"PK\1\2", 20, m.sys,
                              20, flags, m.method, DOSTIME, DOSDATE, crc, cs,
                              sz, len(m.name), len(extra), len(m.comment), 0,
                              0, m.ext, ho))
        out.write(m.name + extra + m.comment)
    cd_size = out.tell() - len(prefix) - cd_start
    n = len(members) if count is None else count
    if zip64_end:
        e64 = out.tell() - len(prefix)
        out.write(struct.pack("<4sQHHLLQQQQ", b"PK\6\6", 44 + len(ext64), 45,
                              45, 0, 0, n, n, cd_size, cd_start) + ext64)
        out.write(struct.pack("<4sLQL", b"PK\6\7", 0, e64, 1))
        n16, cs32, co32 = 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF
    else:
        n16, cs32, co32 = n, cd_size, cd_start
    out.write(struct.pack("<4sHHHHLLH", b"PK\5\6", 0, 0, n16, n16, cs32,
                          co32, len(comment)) + comment)
    out.write(trailing)
    return out.getvalue()


def wheel(name, files, record=True, method=8, dist_files=(), **kw):
    """A wheel's members: files, METADATA, WHEEL, RECORD (hashing data)."""
    di = "%s-1.0.dist-info/" % name
    meta = "Metadata-Version: 2.1\nName: %s\nVersion: 1.0\n" % name
    wh = "Wheel-Version: 1.0\nGenerator: mkhostile\nRoot-Is-Purelib: true\n" \
         "Tag: py3-none-any\n"
    ms = [f if isinstance(f, M) else M(f[0], f[1], method, **kw)
          for f in files]
    ms += [M(di + "METADATA", meta, method, **kw),
           M(di + "WHEEL", wh, method, **kw)]
    ms += [M(di + a, b, method, **kw) for a, b in dist_files]
    if record:
        lines = []
        for m in ms:
            data = m.raw if record == "raw" and m.raw is not None else m.data
            if record == "raw":
                data = compress(m.method, m.data)
            size = m.size if m.size is not None else len(m.data)
            lines.append("%s,%s,%d" % (m.name.decode("utf-8", "replace"),
                                       rec_hash(data), size))
        lines.append(di + "RECORD,,")
        ms.append(M(di + "RECORD", "\n".join(lines) + "\n", method, **kw))
    return ms


PKG = [("demo/__init__.py", "x = 1\n"),
       ("demo/core.py", "def f():\n    return 1\n")]


def wheels():
    w = {}
    w["z64x"] = build_zip(wheel("z64x", PKG, zip64=True))
    w["z64e"] = build_zip(wheel("z64e", PKG, zip64=True), zip64_end=True)
    big = M("huge5g/zeros.bin", b"\0" * 1024, 8, zip64=True,
            size=5 << 30)
    w["huge5g"] = build_zip(wheel("huge5g", [big]), zip64_end=True)
    w["bz2"] = build_zip(wheel("bz2", PKG, method=12))
    w["bz2raw"] = build_zip(wheel("bz2raw", PKG, record="raw", method=12))
    w["lzma"] = build_zip(wheel("lzma", PKG, method=14))
    # an LZMA member asking for a 4 GiB dictionary, declaring 100 MiB
    raw = bytearray(compress(14, b"x = 1\n"))
    raw[5:9] = struct.pack("<L", 0xFFFFFFFF)
    w["lzdict"] = build_zip(wheel("lzdict", [M("demo/__init__.py", "x = 1\n",
                                               14, raw=bytes(raw),
                                               size=100 << 20)]))
    w["implode"] = build_zip(wheel("implode", [M("demo/__init__.py",
                                                 "x = 1\n", 6)]))
    ms = wheel("lname", PKG)
    ms[0].local_name = b"demo/__init__.pX"
    w["lname"] = build_zip(ms)
    w["trail"] = build_zip(wheel("trail", PKG), trailing=b"concatenated")
    w["dup"] = build_zip(wheel("dup", PKG + [("demo/core.py", "y = 2\n")]))
    w["dd"] = build_zip(wheel("dd", PKG, dd=True))
    ms = wheel("cdcomment", PKG)
    ms[0].comment = b"a comment"
    w["cdcomment"] = build_zip(ms)
    w["z64ext"] = build_zip(wheel("z64ext", PKG), zip64_end=True,
                            ext64=b"\1\0\4\0abcd")
    w["gap"] = build_zip(wheel("gap", PKG), gap=b"PK\6\10\0\0\0\0")
    w["stub"] = build_zip(wheel("stub", PKG), prefix=b"#!/bin/sh\nexit 0\n")
    w["fat"] = build_zip(wheel("fat", PKG, sys=0, mode=0o100666))
    w["ctrl"] = build_zip(wheel("ctrl", PKG + [("demo/a\x01b.py", "z = 3\n")]))
    w["latin1"] = build_zip(wheel("latin1", PKG + [(b"demo/caf\xe9.py",
                                                    "z = 3\n")]))
    ms = wheel("sizes", PKG)
    ms[1].local_csize = 3
    w["sizes"] = build_zip(ms)
    w["count"] = build_zip(wheel("count", PKG), count=9)
    w["ep"] = build_zip(wheel("ep", PKG, dist_files=[
        ("entry_points.txt", "[console_scripts]\ndemo = demo:f\nbroken\n")]))
    w["epname"] = build_zip(wheel("epname", PKG, dist_files=[
        ("entry_points.txt", "[console_scripts]\n../evil = demo:f\n")]))
    w["epok"] = build_zip(wheel("epok", PKG, dist_files=[
        ("entry_points.txt", "# scripts\n[console_scripts]\ndemo = demo:f\n"
         "  [continued]\n\n[demo.plugins]\nx y = demo:f\n")]))
    w["good"] = build_zip(wheel("good", PKG))
    # names that leave the directory they are unpacked in, hashed in RECORD
    w["unsafe"] = build_zip(wheel("unsafe", PKG + [("../../evil.py", "x\n"),
                                                   ("/abs.py", "y\n")]))
    return {"%s-1.0-py3-none-any.whl" % k: v for k, v in w.items()}


def many(n):
    ms = [M("many/m%06d.py" % i, b"x = %d\n" % i, 0) for i in range(n)]
    return build_zip(wheel("many", ms), zip64_end=True)


def ustar(name, ty, size=0, link=""):
    """One ustar header block, written here (fast for many members)."""
    h = bytearray(512)
    h[0:len(name)] = name.encode()
    h[100:108] = b"%07o\0" % (0o755 if ty in (b"5", b"2") else 0o644)
    h[108:116] = h[116:124] = b"%07o\0" % 0
    h[124:136] = b"%011o\0" % size
    h[136:148] = b"%011o\0" % MTIME
    h[156:157] = ty
    h[157:157 + len(link)] = link.encode()
    h[257:265] = b"ustar\x0000"
    h[148:156] = b"        "
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def links(n):
    """An sdist of n symlinks, a file beneath each (inside the archive)."""
    import gzip
    top = "links-1.0"
    pk = (PKGINFO % "links").encode()
    out = [ustar(top, b"5"), ustar(top + "/PKG-INFO", b"0", len(pk)),
           pk + b"\0" * (-len(pk) % 512), ustar(top + "/d", b"5")]
    for i in range(n):
        out.append(ustar("%s/l%06d" % (top, i), b"2", link="d"))
        out.append(ustar("%s/l%06d/f%06d" % (top, i, i), b"0"))
    out.append(b"\0" * 1024)
    return gzip.compress(b"".join(out), compresslevel=1, mtime=0)


def tar(name, members, fmt=tarfile.PAX_FORMAT, pax=None):
    """members: (name, type, data or link target[, pax headers])."""
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w:gz", format=fmt,
                      pax_headers=pax) as t:
        for n, ty, x, *ph in members:
            ti = tarfile.TarInfo(n)
            if ph:
                ti.pax_headers = ph[0]
            ti.mtime = MTIME
            ti.type = ty
            ti.mode = 0o755 if ty == tarfile.DIRTYPE else 0o644
            if ty in (tarfile.SYMTYPE, tarfile.LNKTYPE):
                ti.linkname = x
                t.addfile(ti)
            elif ty == tarfile.REGTYPE:
                data = x.encode()
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
            else:
                t.addfile(ti)
    return b.getvalue()


def sparse_tar(top):
    """An old GNU sparse member (type S): 5 bytes at 0, 5 at 8192."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as t:
        for n, data in ((top + "/PKG-INFO", PKGINFO % top.split("-")[0]),):
            ti = tarfile.TarInfo(n)
            ti.mtime = MTIME
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data.encode()))
        ti = tarfile.TarInfo(top + "/holes.bin")
        ti.mtime = MTIME
        ti.size = 10
        t.addfile(ti, io.BytesIO(b"abcdeABCDE"))
    b = bytearray(raw.getvalue())
    # the second header: make it type S with a sparse map
    h = None
    off = 0
    while off < len(b):
        if b[off:off + 100].rstrip(b"\0") == (top + "/holes.bin").encode():
            h = off
            break
        size = int(b[off + 124:off + 136].rstrip(b"\0 ") or b"0", 8)
        off += 512 + (size + 511) // 512 * 512
    b[h + 156] = ord("S")
    for i, (o, n) in enumerate(((0, 5), (8192, 5))):
        b[h + 386 + 24 * i:h + 398 + 24 * i] = b"%011o\0" % o
        b[h + 398 + 24 * i:h + 410 + 24 * i] = b"%011o\0" % n
    b[h + 483:h + 495] = b"%011o\0" % 8197
    b[h + 148:h + 156] = b"        "
    b[h + 148:h + 156] = b"%06o\0 " % sum(b[h:h + 512])
    import gzip
    return gzip.compress(bytes(b), mtime=0)


PKGINFO = "Metadata-Version: 2.1\nName: %s\nVersion: 1.0\n"


def sdists():
    s = {}
    D, F, L, H = tarfile.DIRTYPE, tarfile.REGTYPE, tarfile.SYMTYPE, \
        tarfile.LNKTYPE

    def sd(name, extra, top=None):
        top = top or name + "-1.0"
        return tar(name, [(top, D, None), (top + "/PKG-INFO", F,
                                            PKGINFO % name)] + extra)

    s["tabs"] = sd("tabs", [("tabs-1.0/passwd", L, "/etc/passwd")])
    s["trel"] = sd("trel", [("trel-1.0/passwd", L, "../../../etc/passwd")])
    s["thard"] = sd("thard", [("thard-1.0/shadow", H, "/etc/shadow")])
    s["thardrel"] = sd("thardrel", [("thardrel-1.0/x", H, "../outside")])
    s["tchr"] = sd("tchr", [("tchr-1.0/null", tarfile.CHRTYPE, None)])
    s["tblk"] = sd("tblk", [("tblk-1.0/sda", tarfile.BLKTYPE, None)])
    s["tfifo"] = sd("tfifo", [("tfifo-1.0/fifo", tarfile.FIFOTYPE, None)])
    s["tescape"] = sd("tescape", [("tescape-1.0/escape", L, "/tmp"),
                                  ("tescape-1.0/escape/pwned.txt", F, "x\n")])
    s["tchain"] = sd("tchain", [("tchain-1.0/a", L, "b/../.."),
                                ("tchain-1.0/b", D, None)])
    s["tvia"] = sd("tvia", [("tvia-1.0/up", L, "sub/.."),
                            ("tvia-1.0/sub", D, None),
                            ("tvia-1.0/out", L, "up/../..")])
    # a chain that only extraction sees: a/b is stored beneath the link
    # a -> ., so it lands as tlinks-1.0/b -> .. (the root), and a/b/c ->
    # .. then leaves it (tarfile's 'data' filter refuses c)
    s["tlinks"] = sd("tlinks", [("tlinks-1.0/a", L, "."),
                                ("tlinks-1.0/a/b", L, ".."),
                                ("tlinks-1.0/a/b/c", L, ".."),
                                ("tlinks-1.0/a/b/c/pwned.txt", F, "x\n")])
    # the same links, each harmless where it lands
    s["tlinksok"] = sd("tlinksok", [("tlinksok-1.0/a", L, "."),
                                    ("tlinksok-1.0/a/b", L, "."),
                                    ("tlinksok-1.0/a/b/c", L, ".."),
                                    ("tlinksok-1.0/a/b/c/ok.txt", F, "x\n")])
    # a file written through a link stored earlier under another name
    s["tlinkfile"] = sd("tlinkfile", [("tlinkfile-1.0/d", L, "."),
                                      ("tlinkfile-1.0/d/up", L, ".."),
                                      ("tlinkfile-1.0/up/x.txt", F, "x\n")])
    # pax names holding a NUL: libarchive lists them cut short
    s["tnul"] = sd("tnul", [("tnul-1.0/x.py", F, "",
                             {"path": "tnul-1.0/evil.py\0.txt"})])
    s["tnullink"] = sd("tnullink", [("tnullink-1.0/l", L, "x",
                                     {"linkpath": "PKG-INFO\0/etc/passwd"})])
    # pax headers with no NUL in a name: long and non-ASCII names, a
    # global header, a size= record, a NUL in another record
    s["tpax"] = tar("tpax", [
        ("tpax-1.0", D, None), ("tpax-1.0/PKG-INFO", F, PKGINFO % "tpax"),
        ("tpax-1.0/" + "d" * 120 + "/f.py", F, "x = 1\n"),
        ("tpax-1.0/caf\u00e9.py", F, "y = 2\n"),
        ("tpax-1.0/c.py", F, "z = 3\n", {"comment": "a\0b"}),
        ("tpax-1.0/l", L, "c.py", {"linkpath": "c.py"})],
        pax={"comment": "global\0header"})
    # 40 links, each through 2,000 "./" to the next, and 1,000 files
    # beneath the first: more steps than pkgls follows in an archive
    deep = [("tdeep-1.0/d", D, None)]
    for i in range(40):
        deep.append(("tdeep-1.0/l%02d" % i, L, "./" * 2000 +
                     ("l%02d" % (i + 1) if i < 39 else "d")))
    deep += [("tdeep-1.0/l00/f%04d" % i, F, "") for i in range(1000)]
    s["tdeep"] = sd("tdeep", deep)
    s["tsafe"] = sd("tsafe", [("tsafe-1.0/README", F, "hi\n"),
                              ("tsafe-1.0/readme", L, "README"),
                              ("tsafe-1.0/docs", D, None),
                              ("tsafe-1.0/docs/up", L, "../README"),
                              ("tsafe-1.0/copy", H, "tsafe-1.0/README"),
                              ("tsafe-1.0/here", L, "."),
                              ("tsafe-1.0/here/x.txt", F, "x\n")])
    s["ttop"] = sd("ttop", [("other/file.txt", F, "x\n")])
    s["tnopkg"] = tar("tnopkg", [("tnopkg-1.0", D, None),
                                 ("tnopkg-1.0/setup.py", F, "")])
    s["tdot"] = tar("tdot", [("./tdot-1.0/PKG-INFO", F, PKGINFO % "tdot")])
    s["tsparse"] = sparse_tar("tsparse-1.0")
    s["tpoly"] = sd("tpoly", []) + build_zip([])
    return {"%s-1.0.tar.gz" % k: v for k, v in s.items()}


def load_warehouse(root):
    """warehouse's own checks, taken from its files by path: zipfiles.py
    and wheel.py as modules, _is_valid_dist_file and _commonpath out of
    forklift/legacy.py (its Python 3.14 'except A, B:' spelled with
    parentheses for older Pythons; no YARA scan, no metrics)."""
    import importlib.util
    import re
    import types

    def py311(code):
        return re.sub(r"except ([\w.]+(?:, [\w.]+)+):", r"except (\1):",
                      code)

    def mod(name, rel):
        m = types.ModuleType(name)
        exec(compile(py311(open(os.path.join(root, rel)).read()), rel,
                     "exec"), m.__dict__)
        return m

    try:
        import packaging.utils  # noqa: F401 (wheel.py needs it)
    except ImportError:
        sys.path.append("/usr/lib/python3/dist-packages")
    zf = mod("zipfiles", "warehouse/utils/zipfiles.py")
    wh = mod("wheel", "warehouse/utils/wheel.py")
    src = open(os.path.join(root, "warehouse/forklift/legacy.py")).read()
    g = {"os": os, "zipfile": zipfile, "tarfile": tarfile, "zlib": zlib,
         "zipfiles": types.SimpleNamespace(validate_zipfile=zf.validate_zipfile),
         "nullcontext": __import__("contextlib").nullcontext,
         "sentry_sdk": types.SimpleNamespace(capture_message=lambda m: None)}
    exec(re.search(r"^ONE_MIB = .*$", open(os.path.join(
        root, "warehouse/constants.py")).read(), re.M).group(0), g)
    for c in ("COMPRESSION_RATIO_MIN_SIZE",
              "COMPRESSION_RATIO_THRESHOLD"):
        exec(re.search(r"^%s = .*$" % c, src, re.M).group(0), g)
    for fn in ("_commonpath", "_is_valid_dist_file"):
        body = re.search(r"^def %s\(.*?(?=^(?:def |class |@))" % fn, src,
                         re.M | re.S)
        exec(py311(body.group(0)), g)
    return g["_is_valid_dist_file"], wh


class Metrics:
    def timed(self, *a, **k):
        return __import__("contextlib").nullcontext()

    def increment(self, *a, **k):
        pass


def warehouse_verdict(p, valid, wh):
    ft = "bdist_wheel" if p.endswith(".whl") else "sdist"
    try:
        ok, msg = valid(p, ft, Metrics(), scan=False)
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)
    if not ok:
        return msg or "(refused, no message)"
    if p.endswith(".whl"):
        try:
            wh.validate_record(p)
        except wh.MissingWheelRecordError:
            return "no RECORD"
        except wh.InvalidWheelRecordError:
            pass        # only an e-mail
        except Exception as e:
            return "%s: %s" % (type(e).__name__, e)
        try:
            wh.validate_entrypoints(p)
        except wh.InvalidWheelEntryPointsError as e:
            return "invalid entry points: %s" % e
    return "ok"


def judge(d, warehouse):
    import tempfile
    valid = wh = None
    if warehouse:
        valid, wh = load_warehouse(warehouse)
    for f in sorted(os.listdir(d)):
        p = os.path.join(d, f)
        zv = tv = "-"
        if f.endswith(".whl"):
            try:
                with zipfile.ZipFile(p) as z:
                    bad = z.testzip()
                    zv = "ok" if bad is None else "bad member " + bad
                    if f.startswith("fat"):
                        zv += " mode %o" % (z.getinfo("demo/core.py")
                                            .external_attr >> 16 & 0o7777)
                    if f.startswith(("z64", "huge")):
                        zv += " max size %d" % max(i.file_size
                                                   for i in z.infolist())
            except Exception as e:
                zv = "%s: %s" % (type(e).__name__, e)
        else:
            try:
                with tarfile.open(p) as t, tempfile.TemporaryDirectory() as x:
                    sp = any(m.issparse() for m in t.getmembers())
                    t.extractall(x, filter="data")
                    tv = "ok" + (" (sparse)" if sp else "")
            except Exception as e:
                tv = "%s: %s" % (type(e).__name__, e)
        wv = warehouse_verdict(p, valid, wh) if valid else "-"
        print("%s\t%s\t%s\t%s" % (f, zv, tv, wv))


def main(argv):
    n = 0
    if argv[1:2] == ["--judge"]:
        judge(argv[2], argv[3] if len(argv) > 3 else None)
        return 0
    nl = 0
    if argv[1:2] == ["--many"]:
        n = int(argv[2])
        argv = argv[:1] + argv[3:]
    if argv[1:2] == ["--links"]:
        nl = int(argv[2])
        argv = argv[:1] + argv[3:]
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    d = argv[1]
    os.makedirs(d, exist_ok=True)
    arch = {}
    arch.update(wheels())
    arch.update(sdists())
    if n:
        arch["many-1.0-py3-none-any.whl"] = many(n)
    if nl:
        arch["links-1.0.tar.gz"] = links(nl)
    for k, v in arch.items():
        with open(os.path.join(d, k), "wb") as f:
            f.write(v)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
