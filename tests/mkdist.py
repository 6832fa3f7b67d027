#!/usr/bin/python3
# relkit — MIT licence, see LICENSE.
"""Make normal and hostile sdists and wheels for tests/pkgls.t.

usage: mkdist.py DIR    (python3 standard library only)
Every archive is deterministic: fixed times, modes and member order.
"""
import base64
import gzip
import hashlib
import io
import os
import struct
import sys
import tarfile
import zipfile

WHEN = (2024, 1, 2, 3, 4, 6)
MTIME = 1704164646          # the same instant, 2024-01-02T03:04:06Z


def rec_hash(data, algo="sha256"):
    d = hashlib.new(algo, data).digest()
    return algo + "=" + base64.urlsafe_b64encode(d).rstrip(b"=").decode()


def zinfo(name, mode=0o644):
    zi = zipfile.ZipInfo(name, WHEN)
    zi.create_system = 3
    zi.external_attr = ((0o040000 if name.endswith("/") else 0o100000)
                        | mode) << 16
    zi.compress_type = zipfile.ZIP_DEFLATED
    return zi


METADATA = ("Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
            "Summary: A demo\nClassifier: A :: B\nClassifier: C :: D\n"
            "Requires-Dist: x>=1\nLicense: line one\n  line two\n"
            "Description-Content-Type: text/plain\n\nThe description.\n")


def meta(name="demo", version="1.0"):
    return METADATA.format(name=name, version=version)


WHEEL = "Wheel-Version: 1.0\nGenerator: mkdist\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


def wheel_files(name="demo", version="1.0"):
    di = "%s-%s.dist-info" % (name, version)
    return [
        ("demo/__init__.py", b"X = 1\n"),
        ("demo/core.py", b"def f():\n    return 1\n"),
        (di + "/METADATA", meta(name, version).encode()),
        (di + "/WHEEL", WHEEL.encode()),
    ], di


def record_for(files, di, extra=()):
    lines = []
    for n, data in files:
        q = '"%s"' % n.replace('"', '""') if ("," in n or '"' in n) else n
        lines.append("%s,%s,%d" % (q, rec_hash(data), len(data)))
    lines.extend(extra)
    lines.append(di + "/RECORD,,")
    return ("\n".join(lines) + "\n").encode()


def write_zip(path, members):
    with zipfile.ZipFile(path, "w") as z:
        for m in members:
            n, data = m[0], m[1]
            mode = m[2] if len(m) > 2 else 0o644
            z.writestr(zinfo(n, mode), data)


def wheel(path, files=None, di=None, record=None, extra=()):
    if files is None:
        files, di = wheel_files()
    if record is None:
        record = record_for(files, di)
    write_zip(path, list(files) + list(extra) + [(di + "/RECORD", record)])


def patch(path, old, new):
    with open(path, "rb") as f:
        b = f.read()
    assert b.count(old) >= 1, (path, old)
    with open(path, "wb") as f:
        f.write(b.replace(old, new))


def set_sizes(path, member, size):
    """Rewrite the declared uncompressed size of member (local header and
    central directory) without touching its data."""
    with open(path, "rb") as f:
        b = bytearray(f.read())
    nb = member.encode()
    for sig, off_size, off_nlen, hdr in ((b"PK\x03\x04", 22, 26, 30),
                                         (b"PK\x01\x02", 24, 28, 46)):
        i = 0
        while True:
            i = b.find(sig, i)
            if i < 0:
                break
            nlen = struct.unpack_from("<H", b, i + off_nlen)[0]
            if bytes(b[i + hdr:i + hdr + nlen]) == nb:
                struct.pack_into("<I", b, i + off_size, size)
            i += 4
    with open(path, "wb") as f:
        f.write(b)


def tar(path, members, mode="w:gz"):
    with tarfile.open(path, mode, format=tarfile.PAX_FORMAT,
                      encoding="utf-8", errors="surrogateescape") as t:
        for m in members:
            n, data = m[0], m[1]
            ti = tarfile.TarInfo(n)
            ti.mtime = MTIME
            ti.uname = ti.gname = ""
            if data is None:
                ti.type = tarfile.DIRTYPE
                ti.mode = 0o755
                t.addfile(ti)
            else:
                ti.mode = m[2] if len(m) > 2 else 0o644
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))


def sdist_members(top="demo-1.0", pkginfo=None):
    if pkginfo is None:
        pkginfo = meta(*top.rsplit("-", 1))
    return [
        (top, None),
        (top + "/PKG-INFO", pkginfo.encode()),
        (top + "/setup.py", b"from setuptools import setup\nsetup()\n", 0o755),
        (top + "/demo", None),
        (top + "/demo/__init__.py", b"X = 1\n"),
        (top + "/demo/core.py", b"def f():\n    return 1\n"),
        (top + "/README.md", b"# demo\n"),
        (top + "/demo/assets", None),
        (top + "/demo/assets/logo.png", b"\x89PNG\r\n"),
        (top + "/docs", None),
        (top + "/docs/fixtures", None),
        (top + "/docs/fixtures/bot.json", b"{}\n"),
    ]


def main(d):
    os.makedirs(d, exist_ok=True)
    j = lambda n: os.path.join(d, n)

    # well-formed
    wheel(j("demo-1.0-py3-none-any.whl"))
    files, di = wheel_files()
    wheel(j("demo-1.1-py3-none-any.whl"), *wheel_files("demo", "1.1"),
          extra=())
    tar(j("demo-1.0.tar.gz"), sdist_members())
    tar(j("demo-1.0.tar.bz2"), sdist_members(), "w:bz2")
    tar(j("demo-1.0.tar.xz"), sdist_members(), "w:xz")
    write_zip(j("demo-1.0.zip"),
              [(n + "/" if data is None else n, data or b"")
               for n, data, *_ in sdist_members()])
    m11 = sdist_members("demo-1.1")
    m11 = [m for m in m11 if "logo" not in m[0]] + [("demo-1.1/NEWS", b"n\n")]
    tar(j("demo-1.1.tar.gz"), m11)

    # hostile names
    wheel(j("evil-1.0-py3-none-any.whl"), *wheel_files("evil"),
          extra=[("../x", b"x\n"), ("/etc/x", b"x\n"), ("demo/..", b"")])
    tar(j("evil-1.0.tar.gz"), sdist_members("evil-1.0") +
        [("../x", b"x\n"), ("/etc/x", b"x\n")])
    with zipfile.ZipFile(j("dup-1.0-py3-none-any.whl"), "w") as z:
        import warnings
        warnings.simplefilter("ignore")
        fs, dii = wheel_files("dup", "1.0")
        for n, data in fs:
            z.writestr(zinfo(n), data)
        z.writestr(zinfo("demo/core.py"), b"evil = 1\n")
        z.writestr(zinfo(dii + "/RECORD"), record_for(fs, dii))
    tar(j("dup-1.0.tar.gz"), sdist_members("dup-1.0") +
        [("dup-1.0/setup.py", b"import os\n")])
    # a name that is not UTF-8: written as "demo/n_X_.py", then patched
    wheel(j("raw-1.0-py3-none-any.whl"), *wheel_files("raw"), extra=[("demo/n_X_.py", b"\n")])
    patch(j("raw-1.0-py3-none-any.whl"), b"n_X_", b"n\xff\t_")
    tar(j("raw-1.0.tar.gz"), sdist_members("raw-1.0") +
        [("raw-1.0/n\udcff\n.py", b"\n")])
    long_name = "demo/" + "a" * 5000
    write_zip(j("long-1.0-py3-none-any.whl"), [(long_name, b"")])
    tar(j("long-1.0.tar.gz"), [("long-1.0/" + "a" * 5000, b"")])
    write_zip(j("nul-1.0-py3-none-any.whl"), [("demo/n_X_.py", b"")])
    patch(j("nul-1.0-py3-none-any.whl"), b"n_X_", b"n\0X_")

    # metadata larger than the 16 MiB cap (deflates to a few KiB)
    fs, dii = wheel_files("big", "1.0")
    big = METADATA.encode() + b"x" * (17 << 20)
    fs = [(n, big if n.endswith("METADATA") else data) for n, data in fs]
    wheel(j("big-1.0-py3-none-any.whl"), fs, dii)
    tar(j("big-1.0.tar.gz"), sdist_members("big-1.0",
                                           meta("big") + "y" * (17 << 20)))

    # zip bombs: 64 MiB of zeros (deflates to 64 KiB), and a member that
    # declares 3 GiB (the declared size is all a listing trusts)
    fs, dii = wheel_files("bomb", "1.0")
    fs.append(("bomb/zeros.bin", b"\0" * (64 << 20)))
    wheel(j("bomb-1.0-py3-none-any.whl"), fs, dii)
    fs, dii = wheel_files("huge", "1.0")
    fs.append(("huge/zeros.bin", b"\0" * 4096))
    wheel(j("huge-1.0-py3-none-any.whl"), fs, dii)
    set_sizes(j("huge-1.0-py3-none-any.whl"), "huge/zeros.bin", 3 << 30)
    # a member that inflates to more than it declares
    fs, dii = wheel_files("liar", "1.0")
    wheel(j("liar-1.0-py3-none-any.whl"), fs, dii)
    set_sizes(j("liar-1.0-py3-none-any.whl"), "demo/core.py", 5)

    # broken archives
    for src, dst in (("demo-1.0-py3-none-any.whl", "trunc-1.0-py3-none-any.whl"),
                     ("demo-1.0.tar.gz", "trunc-1.0.tar.gz")):
        with open(j(src), "rb") as f:
            b = f.read()
        with open(j(dst), "wb") as f:
            f.write(b[:len(b) // 2])
    tarfile.open(j("empty-1.0.tar.gz"), "w:gz").close()
    # a tar member declaring 5 GiB: only its header is there
    ti = tarfile.TarInfo("gzbomb-1.0/zeros.bin")
    ti.size = 5 << 30
    ti.mtime = MTIME
    with gzip.open(j("gzbomb-1.0.tar.gz"), "wb") as f:
        f.write(ti.tobuf(tarfile.USTAR_FORMAT) + b"\0" * 4096)
    with open(j("junk-1.0-py3-none-any.whl"), "wb") as f:
        f.write(b"this is not a zip archive\n")
    with open(j("junk-1.0.tar.gz"), "wb") as f:
        f.write(b"this is not a tar archive\n")
    # corrupt data: flip bytes inside a deflated member
    wheel(j("corrupt-1.0-py3-none-any.whl"), *wheel_files("corrupt", "1.0"))
    with open(j("corrupt-1.0-py3-none-any.whl"), "rb") as f:
        b = bytearray(f.read())
    i = b.find(b"demo/core.py") + len(b"demo/core.py")
    b[i + 2] ^= 0xff
    b[i + 3] ^= 0xff
    with open(j("corrupt-1.0-py3-none-any.whl"), "wb") as f:
        f.write(b)

    # structural faults (-c)
    files, di = wheel_files("badrec")
    rec = record_for(files, di).replace(b"demo/core.py,sha256=",
                                        b"demo/core.py,sha256=AAAA")
    rec = rec.replace(b",6\n", b",7\n", 1)
    wheel(j("badrec-1.0-py3-none-any.whl"), files, di, rec,
          extra=[("demo/extra.py", b"E = 1\n")])
    files, di = wheel_files("ghost")
    rec = record_for(files, di, extra=["demo/gone.py,%s,3" % rec_hash(b"g\n\n"),
                                       "demo/md5.py,md5=abc,1",
                                       "demo/nohash.py,,",
                                       "demo/core.py,%s,22" % rec_hash(b"x")])
    wheel(j("ghost-1.0-py3-none-any.whl"), files, di, rec,
          extra=[("demo/md5.py", b"m"), ("demo/nohash.py", b"n")])
    files, di = wheel_files("badcsv")
    wheel(j("badcsv-1.0-py3-none-any.whl"), files, di,
          b'demo/core.py,"sha256=x\n')
    files, di = wheel_files()
    fs = [(n, d) for n, d in files if not n.endswith("WHEEL")]
    fs.append((di + "/WHEEL", b"Generator: mkdist\n"))
    fs.append(("demo/empty.py", b""))
    fs.append(("demo/__pycache__/core.cpython-311.pyc", b"\0\0"))
    wheel(j("demo-1.0-py2-none-any.whl"), fs, di)      # no Wheel-Version
    fs = [(n, d) for n, d in files if not n.endswith(("WHEEL", "METADATA"))]
    wheel(j("demo-2.0-py3-none-any.whl"), fs, di)      # no WHEEL, METADATA
    wheel(j("norec-1.0-py3-none-any.whl"), *wheel_files("norec"))
    patch(j("norec-1.0-py3-none-any.whl"), b"dist-info/RECORD",
          b"dist-info/RECORX")
    two, tdi = wheel_files("two", "1.0")
    other, odi = wheel_files("other", "1.0")
    write_zip(j("two-1.0-py3-none-any.whl"),
              two + [m for m in other if "dist-info" in m[0]])
    wheel(j("demo.whl"))                               # bad file name
    wheel(j("demo-1.0-1-2-3-4-5.whl"))
    # stronger hashes are accepted too
    fs, adi = wheel_files("algos")
    rec = "\n".join("%s,%s,%d" % (n, rec_hash(data, a), len(data))
                    for (n, data), a in zip(fs, ("sha512", "sha384",
                                                 "sha256", "sha512")))
    wheel(j("algos-1.0-py3-none-any.whl"), fs, adi,
          (rec + "\n%s/RECORD,,\n" % adi).encode())
    # a quoted RECORD path
    fs, qdi = wheel_files("quoted")
    fs += [("demo/a,b.py", b"AB = 1\n"), ('demo/q"q.py', b"Q = 1\n")]
    wheel(j("quoted-1.0-py3-none-any.whl"), fs, qdi)
    # sdist faults
    tar(j("nopkg-1.0.tar.gz"), [m for m in sdist_members("nopkg-1.0")
                                if not m[0].endswith("PKG-INFO")])
    tar(j("tops-1.0.tar.gz"), sdist_members("tops-1.0") +
        [("other/x.py", b"x\n"), ("loose.txt", b"x\n")])
    tar(j("wrong-1.0.tar.gz"), sdist_members("demo-1.0"))
    tar(j("pyc-1.0.tar.gz"), sdist_members("pyc-1.0") +
        [("pyc-1.0/demo/__pycache__", None),
         ("pyc-1.0/demo/__pycache__/core.cpython-311.pyc", b"\0"),
         ("pyc-1.0/demo/empty.py", b"")])
    tar(j("badmeta-1.0.tar.gz"),
        sdist_members("badmeta-1.0", "Name badmeta\nVersion: 1.0\n"))
    tar(j("ver-1.0.tar.gz"),
        sdist_members("ver-1.0", meta("ver", "2.0")))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: mkdist.py DIR")
    main(sys.argv[1])
