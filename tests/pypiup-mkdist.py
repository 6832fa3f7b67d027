#!/usr/bin/python3
# relkit — MIT licence, see LICENSE.
"""Hand-made distributions for tests/pypiup.t, to break one rule at a time.

    pypiup-mkdist.py wheel|sdist OUT NAME VERSION [--mv V] [--no-record]
                     [--line 'Header: value']... [--blob BYTES]
--blob: the dist also holds pkg/blob.bin, BYTES of seeded random bytes
(stored, or incompressible, so the file is that big), for uploads that
take a while.
"""
import argparse
import io
import tarfile
import zipfile

ap = argparse.ArgumentParser()
ap.add_argument("kind", choices=["wheel", "sdist"])
ap.add_argument("out")
ap.add_argument("name")
ap.add_argument("version")
ap.add_argument("--mv", default="2.1")
ap.add_argument("--no-record", action="store_true")
ap.add_argument("--line", action="append", default=[])
ap.add_argument("--blob", type=int, default=0)
a = ap.parse_args()

def blob(seed, n):
    """n seeded random bytes, in pieces."""
    import random
    r = random.Random(seed)
    while n > 0:
        k = min(n, 1 << 20)
        yield r.randbytes(k)
        n -= k


meta = "Metadata-Version: %s\nName: %s\nVersion: %s\n" % (a.mv, a.name, a.version)
meta += "".join(l + "\n" for l in a.line) + "\nDescription body.\n"
if a.kind == "wheel":
    di = "%s-%s.dist-info/" % (a.name.replace("-", "_"), a.version)
    with zipfile.ZipFile(a.out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("pkg/__init__.py", "")
        if a.blob:
            with z.open(zipfile.ZipInfo("pkg/blob.bin"), "w",
                        force_zip64=a.blob > 1 << 31) as m:
                for chunk in blob(a.out, a.blob):
                    m.write(chunk)
        z.writestr(di + "METADATA", meta)
        z.writestr(di + "WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\n"
                   "Tag: py3-none-any\n")
        if not a.no_record:
            z.writestr(di + "RECORD", "")
else:
    top = "%s-%s/" % (a.name.replace("-", "_"), a.version)
    with tarfile.open(a.out, "w:gz") as t:
        # the top directory too: with PKG-INFO alone, PyPI looks for
        # TOP/PKG-INFO/PKG-INFO (the members' common path is PKG-INFO's)
        d = tarfile.TarInfo(top.rstrip("/"))
        d.type, d.mode = tarfile.DIRTYPE, 0o755
        t.addfile(d)
        data = meta.encode()
        ti = tarfile.TarInfo(top + "PKG-INFO")
        ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
        if a.blob:
            data = b"".join(blob(a.out, a.blob))
            ti = tarfile.TarInfo(top + "pkg/blob.bin")
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
