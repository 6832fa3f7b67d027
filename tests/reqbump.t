#!/bin/sh
# relkit — MIT licence, see LICENSE.
# reqbump: every requirement shape, uv sources, every option and error
# path; output compared byte for byte.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
# bound of the odd-file and linear-time cases: generous, only a hang or a
# return of the square fails it (valgrind and ASan runs are 20x slower)
tlim=20
[ "${VALGRIND:-}" = 1 ] || [ "${SAN:-}" = 1 ] && tlim=600

# A server repo's requirements/common.in: long, commented, with markers,
# continuation lines, hashes and names that nearly match.
cat > common.in <<'EOF'
# After editing this file, run tools/update-locked-requirements to
# refresh requirements/dev.txt and requirements/prod.txt.
-r pip.in
-c constraints.txt
--index-url https://pypi.org/simple/

# Web framework
django[argon2]==5.0.4
django-auth-ldap  # LDAP login
Jinja2 == 3.1.3

# Needed for the Aloha bots (the API packages come straight from git; see
# https://github.com/aloha/python-aloha-api/archive/0.8.2.zip#egg=aloha==0.8.2 in a comment)
https://github.com/aloha/python-aloha-api/archive/0.8.2.zip#egg=aloha==0.8.2+git&subdirectory=aloha
https://github.com/aloha/python-aloha-api/archive/0.8.2.zip#egg=aloha_bots==0.8.2+git&subdirectory=aloha_bots
#https://github.com/aloha/python-aloha-api/archive/0.7.0.zip#egg=aloha==0.7.0+git&subdirectory=aloha

# Near misses: other packages whose names start the same way
aloha-extras==0.8.2
alohahq==0.8.2 ; python_version >= "3.10"
https://github.com/aloha/aloha-extras/archive/0.8.2.zip#egg=aloha-extras==0.8.2&subdirectory=aloha_extras
aloha-botserver==0.8.2

# Hash-pinned, another package
requests==2.31.0 \
    --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f \
    --hash=sha256:942c5a758f98d790eaed1a29cb6eefc7ffb0d1cf7af05c3d2791656dbd6ad1e1
# A comment line that ends in a backslash is not continued \
aloha==0.8.2
typing-extensions>=4.5 ; python_version < "3.12"
aloha>=0.8  # a range is not a pin
aloha-bots
EOF
cat > want.in <<'EOF'
# After editing this file, run tools/update-locked-requirements to
# refresh requirements/dev.txt and requirements/prod.txt.
-r pip.in
-c constraints.txt
--index-url https://pypi.org/simple/

# Web framework
django[argon2]==5.0.4
django-auth-ldap  # LDAP login
Jinja2 == 3.1.3

# Needed for the Aloha bots (the API packages come straight from git; see
# https://github.com/aloha/python-aloha-api/archive/0.8.2.zip#egg=aloha==0.8.2 in a comment)
https://github.com/aloha/python-aloha-api/archive/0.9.0.zip#egg=aloha==0.9.0+git&subdirectory=aloha
https://github.com/aloha/python-aloha-api/archive/0.9.0.zip#egg=aloha_bots==0.9.0+git&subdirectory=aloha_bots
#https://github.com/aloha/python-aloha-api/archive/0.7.0.zip#egg=aloha==0.7.0+git&subdirectory=aloha

# Near misses: other packages whose names start the same way
aloha-extras==0.8.2
alohahq==0.8.2 ; python_version >= "3.10"
https://github.com/aloha/aloha-extras/archive/0.8.2.zip#egg=aloha-extras==0.8.2&subdirectory=aloha_extras
aloha-botserver==0.8.2

# Hash-pinned, another package
requests==2.31.0 \
    --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f \
    --hash=sha256:942c5a758f98d790eaed1a29cb6eefc7ffb0d1cf7af05c3d2791656dbd6ad1e1
# A comment line that ends in a backslash is not continued \
aloha==0.9.0
typing-extensions>=4.5 ; python_version < "3.12"
aloha>=0.8  # a range is not a pin
aloha-bots
EOF

reqbump -p aloha -p aloha_bots 0.9.0 < common.in > got 2> err
same "filter: the two URLs and the pin move, nothing else" want.in got
ok "filter: nothing on stderr" test ! -s err
check "FILE without -i prints the result" 0 "$(cat want.in)" "" reqbump -p aloha -p aloha_bots 0.9.0 common.in
cp common.in orig.in
same "... and leaves the file alone" orig.in common.in
cp common.in c2.in && chmod 640 c2.in
check "-i edits in place, silently" 0 "" "" reqbump -i -p aloha -p aloha_bots 0.9.0 c2.in
same "-i result byte for byte" want.in c2.in
ok "-i keeps the mode" test "$(stat -c %a c2.in)" = 640
ok "-i leaves no temporary file" test -z "$(ls -A | grep relkit)"
for n in aloha-bots Aloha.Bots ALOHA__BOTS; do
	reqbump -p aloha -p "$n" 0.9.0 common.in > got
	same "-p $n is aloha_bots (PEP 503)" want.in got
done

# -v: FILE:LINE: old -> new on stderr, one line each.
cat > want.err <<'EOF'
common.in:14: https://github.com/aloha/python-aloha-api/archive/0.8.2.zip#egg=aloha==0.8.2+git&subdirectory=aloha -> https://github.com/aloha/python-aloha-api/archive/0.9.0.zip#egg=aloha==0.9.0+git&subdirectory=aloha
common.in:15: https://github.com/aloha/python-aloha-api/archive/0.8.2.zip#egg=aloha_bots==0.8.2+git&subdirectory=aloha_bots -> https://github.com/aloha/python-aloha-api/archive/0.9.0.zip#egg=aloha_bots==0.9.0+git&subdirectory=aloha_bots
common.in:29: aloha==0.8.2 -> aloha==0.9.0
EOF
cp common.in common2.in
reqbump -i -v -p aloha -p aloha_bots 0.9.0 common2.in 2> got.err > got.out
sed 's/^common\.in/common2.in/' want.err > want1.err
same "-v reports each change" want1.err got.err
ok "-v: stdout stays empty" test ! -s got.out
sed 's/common\.in/<stdin>/' want.err > want2.err
reqbump -v -p aloha -p aloha_bots 0.9.0 < common.in 2> got.err > /dev/null
same "-v on standard input names <stdin>" want2.err got.err

# Every shape of the issue in one file.
cat > shapes.in <<'EOF'
https://github.com/aloha/python-aloha-api/archive/0.8.2.zip#egg=aloha==0.8.2+git&subdirectory=aloha
git+https://github.com/aloha/python-aloha-api.git@0.8.2#egg=aloha_bots==0.8.2+git&subdirectory=aloha_bots
-e "git+https://github.com/aloha/python-aloha-api.git@0.4.1#egg=aloha==0.4.1_git&subdirectory=aloha"
aloha @ git+https://github.com/aloha/python-aloha-api.git@0.8.2#subdirectory=aloha
aloha-bots @ https://github.com/aloha/python-aloha-api/archive/refs/tags/0.8.2.tar.gz#subdirectory=aloha_bots ; python_version >= "3.9"
aloha==0.8.2
aloha[extra]==0.8.2  # comment
EOF
cat > want-shapes <<'EOF'
https://github.com/aloha/python-aloha-api/archive/1.0.0.zip#egg=aloha==1.0.0+git&subdirectory=aloha
git+https://github.com/aloha/python-aloha-api.git@1.0.0#egg=aloha_bots==1.0.0+git&subdirectory=aloha_bots
-e "git+https://github.com/aloha/python-aloha-api.git@1.0.0#egg=aloha==1.0.0_git&subdirectory=aloha"
aloha @ git+https://github.com/aloha/python-aloha-api.git@1.0.0#subdirectory=aloha
aloha-bots @ https://github.com/aloha/python-aloha-api/archive/refs/tags/1.0.0.tar.gz#subdirectory=aloha_bots ; python_version >= "3.9"
aloha==1.0.0
aloha[extra]==1.0.0  # comment
EOF
reqbump -p aloha -p aloha-bots 1.0.0 shapes.in > got
same "all seven shapes of the issue" want-shapes got

# More spellings pip accepts.
cat > more.in <<'EOF'
-e 'git+https://github.com/aloha/python-aloha-api.git@v0.8.2#egg=aloha'
--editable=git+ssh://git@github.com/aloha/python-aloha-api.git@0123456789abcdef0123456789abcdef01234567#egg=aloha_bots&subdirectory=aloha_bots
aloha == 0.8.2
aloha===0.8.2;python_version>="3.8"
aloha (==0.8.2)
aloha==0.8.2+git
aloha==0.8.*
aloha>=0.8,<1
aloha-bots @ \
    https://github.com/aloha/python-aloha-api/archive/0.8.2.tar.gz#subdirectory=aloha_bots
https://github.com/aloha/python-aloha-api/archive/0.8.2.tar.gz#subdirectory=packages/aloha_bots/
EOF
cat > want-more <<'EOF'
-e 'git+https://github.com/aloha/python-aloha-api.git@v0.9.0#egg=aloha'
--editable=git+ssh://git@github.com/aloha/python-aloha-api.git@0.9.0#egg=aloha_bots&subdirectory=aloha_bots
aloha == 0.9.0
aloha===0.9.0;python_version>="3.8"
aloha (==0.9.0)
aloha==0.9.0+git
aloha==0.8.*
aloha>=0.8,<1
aloha-bots @ \
    https://github.com/aloha/python-aloha-api/archive/0.9.0.tar.gz#subdirectory=aloha_bots
https://github.com/aloha/python-aloha-api/archive/0.9.0.tar.gz#subdirectory=packages/aloha_bots/
EOF
reqbump -p aloha -p aloha-bots 0.9.0 more.in > got
same "quotes, --editable=, a commit, a v tag, spaced and === pins, ranges kept" want-more got

printf 'aloha==0.8.2\n-e git+https://github.com/aloha/python-aloha-api.git@0.8.2#egg=aloha_bots\n--editable "git+https://github.com/aloha/python-aloha-api.git@0.8.2#egg=aloha_bots"\n' > ed.in
check "unquoted -e, --editable with a quoted URL; one package named twice" 0 "aloha==0.9.0
-e git+https://github.com/aloha/python-aloha-api.git@0.9.0#egg=aloha_bots
--editable \"git+https://github.com/aloha/python-aloha-api.git@0.9.0#egg=aloha_bots\"" "" reqbump -p aloha -p Aloha -p aloha_bots 0.9.0 ed.in

# Peer check: pip reads the results as it reads the originals.
cat > pipcount.py <<'EOF'
import sys
from pip._internal.network.session import PipSession
from pip._internal.req.req_file import parse_requirements
for f in sys.argv[1:]:
    print(len(list(parse_requirements(f, session=PipSession()))))
EOF
if "$PYTHON" -c 'import pip._internal.req.req_file' 2>/dev/null; then
	: > pip.in; : > constraints.txt
	for f in common.in shapes.in more.in; do
		reqbump -p aloha -p aloha-bots 0.9.0 $f > out-$f
		n=$("$PYTHON" pipcount.py $f 2>&1)
		check "pip parses the result of $f like the original ($n requirements)" 0 "$n" "" "$PYTHON" pipcount.py out-$f
	done
else
	skip "pip parses the results" "Debian's pip is not installed"
fi

# Byte-exactness: CRLF, no final newline, latin-1 bytes in a comment.
printf '# caf\351 \377\r\naloha==0.8.2 \\\r\n    ; python_version >= "3.9"\r\nhttps://github.com/aloha/python-aloha-api/archive/0.8.2.zip#egg=aloha_bots==0.8.2_git&subdirectory=aloha_bots' > crlf.in
printf '# caf\351 \377\r\naloha==0.9.0 \\\r\n    ; python_version >= "3.9"\r\nhttps://github.com/aloha/python-aloha-api/archive/0.9.0.zip#egg=aloha_bots==0.9.0_git&subdirectory=aloha_bots' > want-crlf
check "CRLF file in place" 0 "" "" reqbump -i -p aloha -p aloha_bots 0.9.0 crlf.in
same "CRLF, a continued line, latin-1 bytes and no final newline kept" want-crlf crlf.in

# -u: only URLs of one repository.
cat > fork.in <<'EOF'
git+https://github.com/someone/python-aloha-api.git@fix-login#egg=aloha==0.8.2+git&subdirectory=aloha
https://github.com/aloha/python-aloha-api/archive/0.8.2.zip#egg=aloha==0.8.2+git&subdirectory=aloha
aloha==0.8.2
EOF
cat > want-fork <<'EOF'
git+https://github.com/someone/python-aloha-api.git@fix-login#egg=aloha==0.8.2+git&subdirectory=aloha
https://github.com/aloha/python-aloha-api/archive/0.9.0.zip#egg=aloha==0.9.0+git&subdirectory=aloha
aloha==0.8.2
EOF
for u in https://github.com/aloha/python-aloha-api \
         https://github.com/aloha/python-aloha-api/ \
         https://github.com/aloha/python-aloha-api.git \
         git+https://GitHub.com/aloha/python-aloha-api.git/ \
         ssh://git@github.com/aloha/python-aloha-api.git; do
	reqbump -u "$u" -p aloha 0.9.0 fork.in > got
	same "-u $u: the fork and the plain pin stay" want-fork got
done
cp fork.in fork.orig
check "-u of a repository nothing comes from: exit 1" 1 "" "reqbump: no pinned requirement of aloha from https://github.com/aloha/other" reqbump -i -u https://github.com/aloha/other -p aloha 0.9.0 fork.in
same "-u mismatch: file unchanged" fork.orig fork.in
reqbump -u https://github.com/Aloha/Python-Aloha-Api -p aloha 0.9.0 fork.in > got
same "-u on github.com: owner and repository match without case" want-fork got
reqbump -u https://github.com:443/aloha/python-aloha-api -p aloha 0.9.0 fork.in > got
same "-u with the default port :443 is the same repository" want-fork got
sed 's|https://github.com/aloha/python-aloha-api/archive|https://GitHub.com:443/Aloha/Python-Aloha-API/archive|' fork.in > fork2.in
sed 's|https://github.com/aloha/python-aloha-api/archive|https://GitHub.com:443/Aloha/Python-Aloha-API/archive|' want-fork > want-fork2
reqbump -u https://github.com/aloha/python-aloha-api -p aloha 0.9.0 fork2.in > got
same "... and so is a URL in the file with :443 and other case" want-fork2 got
printf 'aloha @ https://git.example.org/aloha/api/archive/0.8.2.zip\n' > case.in
check "-u elsewhere than github.com: paths keep their case" 1 "" "no pinned requirement of aloha" reqbump -u https://git.example.org/Aloha/API -p aloha 0.9.0 case.in
cat > want-all <<'EOF'
git+https://github.com/someone/python-aloha-api.git@0.9.0#egg=aloha==0.9.0+git&subdirectory=aloha
https://github.com/aloha/python-aloha-api/archive/0.9.0.zip#egg=aloha==0.9.0+git&subdirectory=aloha
aloha==0.9.0
EOF
reqbump -p aloha 0.9.0 fork.in > got
same "without -u every pin moves" want-all got

# Hashes: a moved pin would keep stale hashes.
cat > hash.in <<'EOF'
# pinned with hashes
six==1.16.0 --hash=sha256:1e61c37477a1626458e36f7b1d82aa5c9b094fa4802892072e49de9c60c4c926
aloha==0.8.2 \
    --hash=sha256:8d3d0e8d3b7a9f1c2e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f809 \
    --hash=sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0
aloha-bots==0.8.2
EOF
cp hash.in hash.orig
check "a pin with --hash on continuation lines: exit 2" 2 "" "reqbump: hash\.in:3: aloha is pinned with --hash \(line 4\): its hashes would go stale" reqbump -i -p aloha -p aloha-bots 0.9.0 hash.in
same "hash: file unchanged (the other pin too)" hash.orig hash.in
printf 'aloha @ git+https://github.com/aloha/python-aloha-api.git@0.8.2#subdirectory=aloha --hash=sha256:00\n' > hash2.in
check "--hash on the same line: exit 2, empty stdout" 2 "" "hash2\.in:1: aloha is pinned with --hash \(line 1\)" reqbump -p aloha 0.9.0 hash2.in
check "a hashed pin of another package is fine" 0 "$(sed 's/aloha-bots==0.8.2/aloha-bots==0.9.0/' hash.in)" "" reqbump -p aloha-bots 0.9.0 hash.in
printf 'aloha==0.9.0 --hash=sha256:00\naloha-bots==0.8.2\n' > hash3.in
check "a hashed pin already at VERSION is not refused" 0 "aloha==0.9.0 --hash=sha256:00
aloha-bots==0.9.0" "" reqbump -p aloha -p aloha-bots 0.9.0 hash3.in
printf 'aloha==0.8.2 # --hash=sha256:00\n' > hash4.in
check "--hash inside a comment does not count" 0 "aloha==0.9.0 # --hash=sha256:00" "" reqbump -p aloha 0.9.0 hash4.in

# Nothing changed, nothing found.
check "every pin already at VERSION: exit 1" 1 "" "reqbump: no line changed: every pin is already at 0\.9\.0" reqbump -p aloha -p aloha_bots 0.9.0 want.in
check "a misspelt package: exit 1, named" 1 "" "reqbump: no pinned requirement of alohabots$" reqbump -p aloha -p alohabots 0.9.0 common.in
cp common.in c4.in
check "misspelt with -i: exit 1" 1 "" "no pinned requirement of aloha-bot$" reqbump -i -p aloha -p aloha-bot 0.9.0 c4.in
same "misspelt: the good package did not move either" common.in c4.in
check "a near miss is another package" 1 "" "no pinned requirement of aloha-extra$" reqbump -p aloha-extra 0.9.0 common.in
check "an unpinned package: exit 1" 1 "" "no pinned requirement of django-auth-ldap" reqbump -p django-auth-ldap 0.9.0 common.in
check "-v prints nothing more when nothing changes" 1 "1" "" sh -c 'reqbump -v -p aloha 0.9.0 want.in 2>&1 >/dev/null | wc -l; exit 1'

# Several files: all or nothing; a package may live in one file only.
printf 'aloha==0.8.2\n' > a.in
printf 'aloha-bots==0.8.2\n' > b.in
cp hash.in h.in
check "-i over three files, the third refused: exit 2" 2 "" "h\.in:3: aloha is pinned with --hash" reqbump -i -p aloha -p aloha-bots 0.9.0 a.in b.in h.in
check "first file unchanged" 0 "aloha==0.8.2" "" cat a.in
check "second file unchanged" 0 "aloha-bots==0.8.2" "" cat b.in
same "third file unchanged" hash.orig h.in
check "-i over two files, each with one package" 0 "" "" reqbump -i -p aloha -p aloha-bots 0.9.0 a.in b.in
check "both moved" 0 "aloha==0.9.0
aloha-bots==0.9.0" "" cat a.in b.in
printf 'aloha==0.8.2\n' > a.in
check "several files to stdout, in order" 0 "aloha==0.9.0
aloha-bots==0.9.0" "" reqbump -p aloha -p aloha-bots 0.9.0 a.in b.in
check "-i with a missing file: exit 2" 2 "" "reqbump: nosuch\.in: No such file or directory" reqbump -i -p aloha 0.9.0 a.in nosuch.in
check "missing file: the other is unchanged" 0 "aloha==0.8.2" "" cat a.in

# URLs that hold no tag.
printf 'git+https://github.com/aloha/python-aloha-api.git#egg=aloha&subdirectory=aloha\n' > notag.in
check "a VCS URL without @TAG: exit 2" 2 "" "notag\.in:1: aloha: no release tag in git\+https://github\.com/aloha/python-aloha-api\.git#egg=aloha&subdirectory=aloha \(no @TAG\)" reqbump -p aloha 0.9.0 notag.in
printf 'https://files.example.org/aloha-0.8.2-py3-none-any.whl#egg=aloha==0.8.2\n' > whl.in
check "a URL that is not an archive of a tag: exit 2" 2 "" "whl\.in:1: aloha: no release tag in https://files\.example\.org/" reqbump -p aloha 0.9.0 whl.in
check "... unless -u leaves it out" 1 "" "no pinned requirement of aloha from" reqbump -u https://github.com/aloha/python-aloha-api -p aloha 0.9.0 whl.in

# VERSION.
check "invalid VERSION: exit 2" 2 "" "reqbump: 1\.0\.x: not a PEP 440 version" reqbump -p aloha 1.0.x a.in
check "VERSION with a local label: exit 2" 2 "" "1\.0\+git: a release tag has no local version label" reqbump -p aloha 1.0+git a.in
printf 'aloha==0.8.2\ngit+https://github.com/aloha/python-aloha-api.git@0.8.2#egg=aloha_bots==0.8.2+git\n' > norm.in
check "v1.0.0-rc1: the tag as given, pins in normal form, a note" 0 "aloha==1.0.0rc1
git+https://github.com/aloha/python-aloha-api.git@v1.0.0-rc1#egg=aloha_bots==1.0.0rc1+git" "note: pins and egg versions get 1\.0\.0rc1, in PEP 440 normal form; tags get v1\.0\.0-rc1" reqbump -p aloha -p aloha_bots v1.0.0-rc1 norm.in

# uv: [tool.uv.sources] in pyproject.toml.
cat > pyproject.toml <<'EOF'
[project]
name = "aloha-server"
dependencies = [
    "aloha",  # from git, see below
    "aloha-bots",
    "aloha-extras==0.8.2",
]

[tool.uv.sources]
aloha = { git = "https://github.com/aloha/python-aloha-api.git", tag = "0.8.2", subdirectory = "aloha" }
aloha_bots = { url = "https://github.com/aloha/python-aloha-api/archive/0.8.2.zip", subdirectory = "aloha_bots" }  # keep
aloha-extras = { git = "https://github.com/aloha/aloha-extras", tag = "0.8.2" }
"Aloha.Botserver" = [
  { git = "https://github.com/aloha/python-aloha-api", rev = "0123abc", subdirectory = "aloha_botserver", marker = "sys_platform == 'linux'" },
  { git = "https://github.com/aloha/python-aloha-api", branch = "main", subdirectory = "aloha_botserver", marker = "sys_platform != 'linux'" },
]

[tool.uv.sources.aloha-integrations]
git = "https://github.com/aloha/python-aloha-api"
tag = 'v0.8.2'
subdirectory = "aloha_integrations"
EOF
cat > want.toml <<'EOF'
[project]
name = "aloha-server"
dependencies = [
    "aloha",  # from git, see below
    "aloha-bots",
    "aloha-extras==0.8.2",
]

[tool.uv.sources]
aloha = { git = "https://github.com/aloha/python-aloha-api.git", tag = "0.9.0", subdirectory = "aloha" }
aloha_bots = { url = "https://github.com/aloha/python-aloha-api/archive/0.9.0.zip", subdirectory = "aloha_bots" }  # keep
aloha-extras = { git = "https://github.com/aloha/aloha-extras", tag = "0.8.2" }
"Aloha.Botserver" = [
  { git = "https://github.com/aloha/python-aloha-api", rev = "0.9.0", subdirectory = "aloha_botserver", marker = "sys_platform == 'linux'" },
  { git = "https://github.com/aloha/python-aloha-api", branch = "main", subdirectory = "aloha_botserver", marker = "sys_platform != 'linux'" },
]

[tool.uv.sources.aloha-integrations]
git = "https://github.com/aloha/python-aloha-api"
tag = 'v0.9.0'
subdirectory = "aloha_integrations"
EOF
cp pyproject.toml p2.toml
check "uv sources in place; the branch source is named, and stays" 0 "" \
	'^reqbump: note: p2\.toml:15: Aloha\.Botserver: the git source follows branch = "main", not a release tag: it stays as it is$' \
	reqbump -i -p aloha -p aloha-bots -p aloha_botserver -p aloha-integrations 0.9.0 p2.toml
same "uv: tag, url, rev and a [tool.uv.sources.NAME] table move; branch and others kept" want.toml p2.toml
reqbump -p aloha -p aloha-bots -p aloha_botserver -p aloha-integrations 0.9.0 < pyproject.toml > got 2>/dev/null
same "uv on standard input (a table header makes it TOML)" want.toml got
cat > want-uv.err <<'EOF'
pyproject.toml:11: aloha_bots = { url = "https://github.com/aloha/python-aloha-api/archive/0.8.2.zip", subdirectory = "aloha_bots" }  # keep -> aloha_bots = { url = "https://github.com/aloha/python-aloha-api/archive/0.9.0.zip", subdirectory = "aloha_bots" }  # keep
EOF
reqbump -v -u https://github.com/aloha/python-aloha-api -p aloha-bots 0.9.0 pyproject.toml > /dev/null 2> got.err
same "uv: -v reports the changed line" want-uv.err got.err
check "uv: -u leaves other repositories" 1 "" "no pinned requirement of aloha-extras from https://github.com/aloha/python-aloha-api$" reqbump -u https://github.com/aloha/python-aloha-api -p aloha-extras 0.9.0 pyproject.toml
printf '[tool.uv.sources]\naloha = { git = "https://github.com/aloha/python-aloha-api", branch = "main" }\n' > branch.toml
check "uv: a branch is not a pin: the guard names it and says what to do" 1 "" \
	'^reqbump: no pinned requirement of aloha: its source at branch\.toml:2 follows branch = "main", which no release moves; pin the release there with tag = "v0\.9\.0" in place of the branch \(reqbump then moves it each release\), or leave -p aloha out$' \
	reqbump -t v0.9.0 -p aloha 0.9.0 branch.toml
printf '[project]\ndependencies = ["aloha==0.8.2"]\n[tool.uv.sources]\naloha = { git = "https://github.com/aloha/python-aloha-api" }\n' > default.toml
check "uv: a git source with no tag, rev or branch follows the default branch: a note; the pin moves" 0 \
	'[project]
dependencies = ["aloha==0.9.0"]
[tool.uv.sources]
aloha = { git = "https://github.com/aloha/python-aloha-api" }' \
	'^reqbump: note: default\.toml:4: aloha: the git source follows the default branch \(no tag, rev or branch\), not a release tag: it stays as it is$' \
	reqbump -p aloha 0.9.0 default.toml
printf '[tool.poetry.dependencies]\naloha = { git = "https://github.com/aloha/python-aloha-api", branch = "dev" }\n' > pbranch.toml
check "Poetry: a branch dependency is named the same way" 1 "" \
	'no pinned requirement of aloha: its source at pbranch\.toml:2 follows branch = "dev"' \
	reqbump -p aloha 0.9.0 pbranch.toml
check "-u: a branch source of another repository is not named" 1 "" \
	'^reqbump: no pinned requirement of aloha from https://github\.com/other/repo$' \
	reqbump -u https://github.com/other/repo -p aloha 0.9.0 branch.toml
check "uv: the project's own name is not a pin" 1 "" "no pinned requirement of aloha-server" reqbump -p aloha-server 0.9.0 pyproject.toml
# PEP 508 strings of pyproject.toml: dependencies, extras, groups.
cat > deps.toml <<'EOF'
[project]
name = "aloha-server"
dependencies = [
  "aloha==0.8.2",  # pin
  'aloha-bots @ git+https://github.com/aloha/python-aloha-api.git@0.8.2#subdirectory=aloha_bots ; python_version >= "3.9"',
  "aloha-extras==0.8.2",
  "esc\"aped==1",
  { include-group = "dev" },
]

[project.optional-dependencies]
bots = ["aloha-bots[x]==0.8.2"]

[dependency-groups]
dev = ["aloha>=0.8", { include-group = "lint" }]

[tool.uv]
constraint-dependencies = ["aloha===0.8.2"]
EOF
cat > want-deps.toml <<'EOF'
[project]
name = "aloha-server"
dependencies = [
  "aloha==0.9.0",  # pin
  'aloha-bots @ git+https://github.com/aloha/python-aloha-api.git@0.9.0#subdirectory=aloha_bots ; python_version >= "3.9"',
  "aloha-extras==0.8.2",
  "esc\"aped==1",
  { include-group = "dev" },
]

[project.optional-dependencies]
bots = ["aloha-bots[x]==0.9.0"]

[dependency-groups]
dev = ["aloha>=0.8", { include-group = "lint" }]

[tool.uv]
constraint-dependencies = ["aloha===0.9.0"]
EOF
reqbump -v -p aloha -p aloha-bots 0.9.0 deps.toml > got 2> got.err
same "pyproject: pins and direct references in PEP 508 strings move" want-deps.toml got
cat > want-deps.err <<'EOF'
deps.toml:4:   "aloha==0.8.2",  # pin ->   "aloha==0.9.0",  # pin
deps.toml:5:   'aloha-bots @ git+https://github.com/aloha/python-aloha-api.git@0.8.2#subdirectory=aloha_bots ; python_version >= "3.9"', ->   'aloha-bots @ git+https://github.com/aloha/python-aloha-api.git@0.9.0#subdirectory=aloha_bots ; python_version >= "3.9"',
deps.toml:12: bots = ["aloha-bots[x]==0.8.2"] -> bots = ["aloha-bots[x]==0.9.0"]
deps.toml:18: constraint-dependencies = ["aloha===0.8.2"] -> constraint-dependencies = ["aloha===0.9.0"]
EOF
same "pyproject: -v names the lines" want-deps.err got.err
reqbump -u https://github.com/aloha/python-aloha-api -p aloha-bots 0.9.0 deps.toml > got
sed 's/api.git@0.8.2#/api.git@0.9.0#/' deps.toml > want
same "pyproject: -u moves the direct reference only" want got
printf '[project]\ndependencies = ["aloha @ https://example.org/aloha.whl"]\n' > depurl.toml
check "pyproject: a direct reference without a tag: exit 2" 2 "" "depurl\.toml:2: aloha: no release tag in https://example\.org/aloha\.whl" reqbump -p aloha 0.9.0 depurl.toml
printf '[tool.uv.sources]\naloha = { url = "https://example.org/aloha.whl" }\n' > nourl.toml
check "uv: a url without a tag: exit 2" 2 "" "nourl\.toml:2: aloha: no release tag in https://example\.org/aloha\.whl" reqbump -p aloha 0.9.0 nourl.toml
printf '[tool.uv.sources]\naloha = "https://github.com/aloha/python-aloha-api"\n' > notable.toml
check "uv: a source that is not a table: exit 2" 2 "" "notable\.toml:2: a source in \[tool\.uv\.sources\] is not an inline table" reqbump -p aloha 0.9.0 notable.toml
printf '[tool.uv.sources\naloha = { git = "x", tag = "1" }\n' > bad.toml
check "uv: a file that does not scan: exit 2" 2 "" "bad\.toml:1: unterminated table header" reqbump -p aloha 0.9.0 bad.toml
cp pyproject.toml p3.toml
check "-i over requirements and pyproject: all or nothing" 2 "" "bad\.toml:1" reqbump -i -p aloha 0.9.0 p3.toml bad.toml
same "pyproject unchanged" pyproject.toml p3.toml

# Usage.
check "-h prints usage on stdout" 0 "usage: reqbump [-i] [-v] [-t TAG] [-u REPO_URL] -p PACKAGE [-p PACKAGE]... VERSION [FILE...]
       reqbump -s [-c] [-i] [-v] [-t TAG] -p PACKAGE [-p PACKAGE]... VERSION [FILE...]" "" reqbump -h
check "-V prints the version" 0 "reqbump (relkit) 0.1.0" "" reqbump -V
check "bad option: exit 2 and usage" 2 "" "usage: reqbump" reqbump -Z
check "no -p: exit 2" 2 "" "no package: give at least one -p PACKAGE" reqbump 0.9.0 a.in
check "no VERSION: exit 2" 2 "" "usage: reqbump" reqbump -p aloha
check "-i without FILE: exit 2" 2 "" "-i needs at least one FILE" reqbump -i -p aloha 0.9.0
check "bad -p name: exit 2" 2 "" "-p aloha_: not a package name" reqbump -p aloha_ 0.9.0 a.in
check "bad -u: exit 2" 2 "" "-u github: not a repository URL" reqbump -u github -p aloha 0.9.0 a.in
# Files people write (issue 15).
printf 'aloha @ https://github.com/aloha/python-aloha-api/archive/0.8.2.tar.gz#sha256=%s&subdirectory=aloha\n' 0123456789abcdef > hash.in
cp hash.in hash.orig
check "an archive URL with #sha256=: exit 2, named" 2 "" "hash\.in:1: aloha: the URL carries #sha256=0123456789abcdef: it would go stale" reqbump -i -p aloha 0.9.0 hash.in
same "... the file is unchanged" hash.orig hash.in
printf '[tool.uv.sources]\naloha = { url = "https://github.com/aloha/python-aloha-api/archive/0.8.2.zip#md5=ab" }\n' > hash.toml
check "a uv url source with #md5=: exit 2" 2 "" "hash\.toml:2: aloha: the URL carries #md5=ab" reqbump -p aloha 0.9.0 hash.toml
cat > esc.toml <<'TOML'
[project]
dependencies = [
  "aloha==0.8.2 ; python_version >= \"3.9\"",
  "aloha-bots\u003d\u003d0.8.2",
  """aloha_botserver==0.8.2""",
  '''aloha-integrations==0.8.2''',
]
TOML
sed 's/0\.8\.2/0.9.0/' esc.toml > want-esc
reqbump -p aloha -p aloha-bots -p aloha_botserver -p aloha-integrations 0.9.0 esc.toml > got
same "TOML strings with escapes and triple quotes" want-esc got
printf '[project]\ndependencies = ["aloha==0\\u002e8.2"]\n' > escpin.toml
cp escpin.toml escpin.orig
check "a pin written with escapes: exit 2, not guessed" 2 "" "escpin\.toml:2: aloha==0\.8\.2: the text to change is written with escapes" reqbump -i -p aloha 0.9.0 escpin.toml
same "... the file is unchanged" escpin.orig escpin.toml
printf '[project]\ndependencies = ["aloha==0.8.2\\q"]\n' > badesc.toml
check "a bad TOML escape: exit 2" 2 "" "badesc\.toml:2: a bad escape in a TOML string" reqbump -p aloha 0.9.0 badesc.toml
cat > dotted.toml <<'TOML'
[tool.uv.sources]
aloha.git = "https://github.com/aloha/python-aloha-api"
aloha.tag = "0.8.2"
aloha.subdirectory = "aloha"
TOML
sed 's/0\.8\.2/0.9.0/' dotted.toml > want-dotted
reqbump -p aloha 0.9.0 dotted.toml > got
same "dotted keys in [tool.uv.sources]" want-dotted got
cat > poetry.toml <<'TOML'
[tool.poetry.dependencies]
python = "^3.9"
requests = { version = "^2.31", optional = true }
aloha = {git = "https://github.com/Aloha/python-aloha-api.git", tag = "0.8.2", subdirectory = "aloha"}
[tool.poetry.group.dev.dependencies]
aloha-bots = [{ git = "https://github.com/aloha/python-aloha-api.git", rev = "0.8.2" }]
TOML
sed 's/0\.8\.2/0.9.0/' poetry.toml > want-poetry
reqbump -u https://github.com/aloha/python-aloha-api -p aloha -p aloha-bots 0.9.0 poetry.toml > got
same "Poetry git dependencies move" want-poetry got
# Poetry's exact versions are pins: "0.8.2", "==0.8.2", { version = "0.8.2" },
# a [tool.poetry.dependencies.NAME] table; a local label stays; ranges do not
cat > poetry-pins.toml <<'TOML'
[tool.poetry.dependencies]
python = "^3.9"
aloha = "0.8.2"
aloha-bots = { version = "0.8.2", extras = ["x"] }
"aloha_botserver" = "==0.8.2+git"
requests = "^2.31"
[tool.poetry.group.dev.dependencies]
aloha = { version = "^0.8", optional = true }
aloha-extras = ">=0.8.2,<1"
[tool.poetry.dependencies.aloha-integrations]
version = "0.8.2"
TOML
sed -e '3,5s/0\.8\.2/0.9.0/' -e '$s/0\.8\.2/0.9.0/' poetry-pins.toml > want-pp
reqbump -p aloha -p aloha-bots -p aloha-botserver -p aloha-integrations 0.9.0 poetry-pins.toml > got
same "Poetry exact versions move, ranges stay" want-pp got
check "a Poetry range is no pin" 1 "" "^reqbump: no pinned requirement of aloha-extras$" \
	reqbump -p aloha-extras 0.9.0 poetry-pins.toml
check "with -u a Poetry version names no repository" 1 "" \
	"^reqbump: no pinned requirement of aloha-integrations from " \
	reqbump -u https://github.com/aloha/python-aloha-api -p aloha-integrations 0.9.0 poetry-pins.toml
# Odd files (issue 25): a FIFO refused without blocking; -i - refused.
mkfifo fifo.in
printf 'aloha==0.8.2\n' > one.in
cp one.in one.orig
check "a FIFO: refused without blocking" 2 "" "^reqbump: fifo\.in: a FIFO, not a regular file$" \
	timeout $tlim reqbump -p aloha 0.9.0 fifo.in
check "-i with a FIFO: refused, the other file untouched" 2 "" "^reqbump: fifo\.in: a FIFO, not a regular file$" \
	timeout $tlim reqbump -i -p aloha 0.9.0 one.in fifo.in
same "... one.in unchanged" one.orig one.in
check "-i -: standard input is not edited in place" 2 "" "^reqbump: -: standard input cannot be edited in place" \
	reqbump -i -p aloha 0.9.0 one.in -
same "... one.in unchanged by it" one.orig one.in
# Linear time and memory (issue 25: 52 MB of pins took 2 GB): 10 MB of
# pins in under 200 MB of address space; deeply nested inline tables are
# refused by line (tomllib gives up on them too), not scanned n^2.
"$PYTHON" -c "import sys; sys.stdout.write('aloha==0.8.2\n' * 800000)" > many.in
check "10 MB of pins, in time" 0 "" "" sh -c "timeout $tlim reqbump -p aloha 0.9.0 many.in > many.out"
if [ "${VALGRIND:-}" != 1 ] && [ "${SAN:-}" != 1 ]; then
	check "... in memory near the file's size (peak RSS under 100 MB)" 0 "" "" "$PYTHON" -c '
import resource, subprocess, sys
subprocess.run(["reqbump", "-p", "aloha", "0.9.0", "many.in"], stdout=subprocess.DEVNULL, check=True)
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.exit(0 if kb < 100000 else "peak RSS %d KB" % kb)'
else
	skip "... in memory near the file's size" "the RSS of ASan and valgrind runs is theirs"
fi
ok "... every pin moved" test "$(grep -c '^aloha==0.9.0$' many.out)" = 800000
"$PYTHON" -c "import sys; d = 20000; sys.stdout.write('[project]\nname = \"x\"\n[tool.x]\na = ' + '{b=' * d + '1' + '}' * d + '\n[tool.uv.sources]\naloha = { git = \"https://h/o/r.git\", tag = \"0.8.2\" }\n')" > nest.toml
check "80 KB of nested inline tables: refused at once, by line" 2 "" \
	"^reqbump: nest\.toml:4: inline tables nested too deeply$" timeout $tlim reqbump -p aloha 0.9.0 nest.toml
"$PYTHON" -c "import sys; d = 100; sys.stdout.write('[project]\nname = \"x\"\n[tool.x]\na = ' + '{b=' * d + '1' + '}' * d + '\n[tool.uv.sources]\naloha = { git = \"https://h/o/r.git\", tag = \"0.8.2\" }\n')" > nest100.toml
check "100 levels still read" 0 "[project]" "" sh -c 'reqbump -p aloha 0.9.0 nest100.toml | head -1'
# -t TAG (issue 22): tags are not versions. Git refs and /archive/ names
# get the tag as given; #egg= versions, == pins and Poetry pins the version.
cat > tags.in <<'EOF'
https://github.com/o/api/archive/v1.44.0.zip#egg=opentelemetry-api==1.44.0&subdirectory=opentelemetry-api
git+https://github.com/o/api.git@v1.44.0#egg=opentelemetry-sdk==1.44.0+git&subdirectory=opentelemetry-sdk
opentelemetry-api==1.44.0
opentelemetry-sdk @ git+https://github.com/o/api.git@1.44.0#subdirectory=opentelemetry-sdk
opentelemetry-sdk @ https://github.com/o/api/archive/refs/tags/1.44.0.tar.gz#subdirectory=opentelemetry-sdk
EOF
check "-t v1.45.0: URLs get the tag, pins and egg versions the version" 0 \
"https://github.com/o/api/archive/v1.45.0.zip#egg=opentelemetry-api==1.45.0&subdirectory=opentelemetry-api
git+https://github.com/o/api.git@v1.45.0#egg=opentelemetry-sdk==1.45.0+git&subdirectory=opentelemetry-sdk
opentelemetry-api==1.45.0
opentelemetry-sdk @ git+https://github.com/o/api.git@v1.45.0#subdirectory=opentelemetry-sdk
opentelemetry-sdk @ https://github.com/o/api/archive/refs/tags/v1.45.0.tar.gz#subdirectory=opentelemetry-sdk" "" \
	reqbump -t v1.45.0 -p opentelemetry-api -p opentelemetry-sdk 1.45.0 tags.in
check "-t api-v1.45.0: a monorepo's tag is written as given, no v added" 0 \
"https://github.com/o/api/archive/api-v1.45.0.zip#egg=opentelemetry-api==1.45.0&subdirectory=opentelemetry-api" "" \
	sh -c 'reqbump -t api-v1.45.0 -p opentelemetry-api -p opentelemetry-sdk 1.45.0 tags.in | head -1'
printf '[tool.uv.sources]\naloha = { git = "https://github.com/aloha/python-aloha-api", tag = "0.8.2" }\n[tool.poetry.dependencies]\naloha-bots = "==0.8.2"\n' > tags.toml
check "-t in TOML: the uv tag gets TAG, the Poetry pin VERSION" 0 \
'[tool.uv.sources]
aloha = { git = "https://github.com/aloha/python-aloha-api", tag = "v0.9.0" }
[tool.poetry.dependencies]
aloha-bots = "==0.9.0"' "" reqbump -t v0.9.0 -p aloha -p aloha-bots 0.9.0 tags.toml
printf 'aloha==0.9.0\naloha @ git+https://h/o/r.git@v0.9.0\n' > attag.in
check "-t: every pin already there: exit 1, both named" 1 "" \
	'^reqbump: no line changed: every pin is already at 0\.9\.0 \(tag v0\.9\.0\)$' reqbump -t v0.9.0 -p aloha 0.9.0 attag.in
check "-t with a non-normal VERSION: the note names TAG" 0 "aloha==1.0.0rc1
aloha @ git+https://h/o/r.git@v1.0.0-rc1" 'tags get v1\.0\.0-rc1$' reqbump -t v1.0.0-rc1 -p aloha 1.0.0-rc1 attag.in
for bad in 'v 1' 'a#b' 'x@y' '../x' '-x' 'x.lock' 'x/' 'a..b' ''; do
	check "-t '$bad': not a tag, exit 2" 2 "" "^reqbump: -t $bad: not a tag: " reqbump -t "$bad" -p aloha 0.9.0 attag.in
done
# -s: sibling pins (issue 22). Packages of one release pin each other:
# every exact pin moves, in pyproject.toml, setup.py, setup.cfg and
# requirement files, in one all-or-nothing edit; a range stays, unless
# VERSION falls outside it.
mkdir sib && cd sib || exit 2
cat > pyproject.toml <<'EOF'
[project]
name = "opentelemetry-sdk"
dynamic = ["version"]
dependencies = [
    "opentelemetry-api == 1.45.0.dev",
    "opentelemetry-semantic-conventions == 0.66b0.dev",
    "typing-extensions >= 4.5.0",
]
[project.optional-dependencies]
x = ['opentelemetry-proto>=1.40,<1.47']
EOF
cat > setup.py <<'EOF'
from setuptools import setup
REQUIRES = [
    "opentelemetry-api==1.45.0.dev",  # exact
    'opentelemetry-proto~=1.45',
]
setup(
    name="x",
    install_requires=REQUIRES,
    extras_require={"grpc": ["opentelemetry-api>=1.0,<2"], "b": [r"opentelemetry-api===1.45.0.dev"]},
    description="opentelemetry-api==1.45.0.dev is not a requirement here",
)
EOF
printf '[metadata]\nname = x\nversion = 1.0\n\n[options]\ninstall_requires =\n    opentelemetry-api==1.45.0.dev\r\n    requests>=2\n    opentelemetry-proto ; python_version>"3.8"\n[options.extras_require]\ngrpc =\n  opentelemetry-api >= 1.45.0.dev, < 2\n[other]\nx = opentelemetry-api==1.45.0.dev\n' > setup.cfg
printf 'opentelemetry-api==1.45.0.dev\nopentelemetry-proto==1.45.0.dev  # x\n' > requirements.txt
for f in pyproject.toml setup.py setup.cfg requirements.txt; do cp "$f" "$f.orig"; done
sed 's/1\.45\.0\.dev"/1.46.0"/' pyproject.toml > ../want-sib.toml
sed 's/==1\.45\.0\.dev"/==1.46.0"/; s/===1\.45\.0\.dev"/===1.46.0"/' setup.py > ../want-sib.py
sed -i 's/"opentelemetry-api==1.46.0 is not/"opentelemetry-api==1.45.0.dev is not/' ../want-sib.py
printf '[metadata]\nname = x\nversion = 1.0\n\n[options]\ninstall_requires =\n    opentelemetry-api==1.46.0\r\n    requests>=2\n    opentelemetry-proto ; python_version>"3.8"\n[options.extras_require]\ngrpc =\n  opentelemetry-api >= 1.45.0.dev, < 2\n[other]\nx = opentelemetry-api==1.45.0.dev\n' > ../want-sib.cfg
printf 'opentelemetry-api==1.46.0\nopentelemetry-proto==1.46.0  # x\n' > ../want-sib.txt
check "-s -i: sibling pins moved in four kinds of file, silently" 0 "" "" \
	reqbump -s -i -p opentelemetry-api -p opentelemetry-proto 1.46.0 pyproject.toml setup.py setup.cfg requirements.txt
same "... pyproject.toml: dependency strings, the other stream's pin kept" ../want-sib.toml pyproject.toml
same "... setup.py: install_requires=NAME followed, extras_require, a raw string; a description kept" ../want-sib.py setup.py
same "... setup.cfg: [options] lines, CRLF kept, the range kept, [other] untouched" ../want-sib.cfg setup.cfg
same "... requirements.txt" ../want-sib.txt requirements.txt
# The judges: tomllib, ast and packaging read the results, and every
# requirement of a sibling holds 1.46.0.
cat > judge.py <<'EOF'
import ast, configparser, sys, tomllib
from packaging.requirements import Requirement
from packaging.version import Version
sib = {"opentelemetry-api", "opentelemetry-proto"}
reqs = []
p = tomllib.load(open("pyproject.toml", "rb"))["project"]
reqs += p["dependencies"] + sum(p["optional-dependencies"].values(), [])
t = ast.parse(open("setup.py").read())
for n in ast.walk(t):
    if isinstance(n, ast.Constant) and isinstance(n.value, str):
        try:
            Requirement(n.value)
        except Exception:
            continue  # the description
        reqs.append(n.value)
c = configparser.ConfigParser()
c.read("setup.cfg")
reqs += [l for l in c["options"]["install_requires"].splitlines() + c["options.extras_require"]["grpc"].splitlines() if l.strip()]
reqs += [l.split("#")[0] for l in open("requirements.txt")]
n = 0
for r in map(Requirement, reqs):
    if r.name in sib and r.specifier:
        n += 1
        if not r.specifier.contains(Version("1.46.0"), prereleases=True):
            sys.exit("%s does not hold 1.46.0" % r)
print(n)
EOF
check "... the judges (tomllib, ast, configparser, packaging) agree: every sibling requirement holds 1.46.0" 0 "10" "" "$PYTHON" judge.py
for f in pyproject.toml setup.py setup.cfg requirements.txt; do cp "$f.orig" "$f"; done
check "-s: a range VERSION falls outside: exit 1, each named by file and line, nothing changed" 1 "" \
	"^reqbump: setup\.cfg:12: opentelemetry-api >= 1\.45\.0\.dev, < 2 excludes 2\.0\.0: widen the range or pin 2\.0\.0
reqbump: setup\.py:4: opentelemetry-proto ~=1\.45 excludes 2\.0\.0: widen the range or pin 2\.0\.0$" \
	reqbump -s -i -p opentelemetry-api -p opentelemetry-proto 2.0.0 pyproject.toml setup.cfg setup.py requirements.txt
for f in pyproject.toml setup.py setup.cfg requirements.txt; do same "... $f unchanged" "$f.orig" "$f"; done
check "-s: pyproject's range named too" 1 "" \
	"^reqbump: pyproject\.toml:10: opentelemetry-proto >=1\.40,<1\.47 excludes 1\.47\.0: widen the range" \
	reqbump -s -p opentelemetry-proto 1.47.0 pyproject.toml
check "-s: nothing to move is no failure (siblings need not pin each other)" 0 "$(cat requirements.txt)" "" \
	reqbump -s -p opentelemetry-sdk 1.46.0 requirements.txt
cp requirements.txt req-none.orig
check "-s -i -v: nothing to move, nothing reported (release.mk's step 1)" 0 "" "" \
	reqbump -s -i -v -p opentelemetry-sdk 1.46.0 requirements.txt
same "... the file unchanged" req-none.orig requirements.txt
# -c: a compatible release of the coming series follows the next version.
printf 'setup(install_requires=["opentelemetry-sdk ~= 1.45.0.dev", "opentelemetry-api~=1.3", "opentelemetry-proto ~=1.45"])\n' > compat.py
cp compat.py compat.py.orig
check "-s -c: a sibling's ~=V outside VERSION, as many numbers: it follows; others stay" 0 \
	'setup(install_requires=["opentelemetry-sdk ~= 1.46.0.dev0", "opentelemetry-api~=1.3", "opentelemetry-proto ~=1.45"])' \
	'^compat\.py:1: .*-> .*"opentelemetry-sdk ~= 1\.46\.0\.dev0"' \
	reqbump -s -c -v -p opentelemetry-sdk -p opentelemetry-api -p opentelemetry-proto 1.46.0.dev0 compat.py
check "-s -c: a ~=V of fewer numbers than VERSION is never narrowed: named, exit 1" 1 "" \
	"^reqbump: compat\.py:1: opentelemetry-proto ~=1\.45 excludes 2\.0\.0: widen the range or pin 2\.0\.0$" \
	reqbump -s -c -i -p opentelemetry-sdk -p opentelemetry-proto 2.0.0 compat.py
same "... nothing changed" compat.py.orig compat.py
check "-s without -c: the ~= range is named, not moved" 1 "" \
	"^reqbump: compat\.py:1: opentelemetry-sdk ~= 1\.45\.0\.dev excludes 1\.46\.0\.dev0: widen" \
	reqbump -s -p opentelemetry-sdk 1.46.0.dev0 compat.py
check "-c without -s: usage error" 2 "" "^reqbump: -c goes with -s" \
	reqbump -c -p x 1.0 requirements.txt
check "-s -u: usage error" 2 "" "^reqbump: -s and -u do not go together" \
	reqbump -s -u https://h/o/r -p x 1.0 requirements.txt
printf 'setup(install_requires=["opentelemetry-api==1.45\\x2e0"])\n' > esc.py
check "-s: a pin written with escapes in setup.py: exit 2, by hand" 2 "" \
	'^reqbump: esc\.py:1: opentelemetry-api==1\.45\\x2e0: the text to change is written with escapes or over lines; edit it by hand$' \
	reqbump -s -p opentelemetry-api 1.46.0 esc.py
printf 'setup(install_requires=["opentelemetry-api==1.45.0"]\n' > broken.py
check "-s: a setup.py that does not scan: exit 2, by line" 2 "" '^reqbump: broken\.py:1: ' \
	reqbump -s -p opentelemetry-api 1.46.0 broken.py
printf 'opentelemetry-api>=1.0,<=1.5.*\n' > odd.txt
check "-s: a range this does not read is noted, not guessed" 0 "$(cat odd.txt)" \
	'^reqbump: note: odd\.txt:1: opentelemetry-api >=1\.0,<=1\.5\.\*: not a specifier set this reads; not checked against 1\.46\.0$' \
	reqbump -s -p opentelemetry-api 1.46.0 odd.txt
cd .. || exit 2
check "getopt errors name the program" 2 "" "^reqbump: invalid option -- 'Z'" reqbump -Z
check "--help exits 0" 0 "$(reqbump -h)" "" reqbump --help
check "--version exits 0" 0 "reqbump (relkit) 0.1.0" "" reqbump --version
ok "no file was left behind anywhere" test -z "$(find "$T" -name '.*relkit*')"
done_testing
