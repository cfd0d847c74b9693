#!/usr/bin/env python3
"""Builds a realistic, seeded git repository for the git benchmarks: thousands of commits of
evolving source files (text taken from C headers already on the machine, /usr/include), a few
branches and tags, and a handful of planted fake tokens, fed to `git fast-import`.

Usage: gen_repo.py OUT_DIR [--commits N] [--files N] [--scale K] [--seed S] [--source DIR]
--scale K makes every file K times longer (K slices of source text), so blob content grows
about K-fold with the same history shape (for peak-RSS measurements at several sizes).
The bench may run git on its own generated repository; vigil itself never runs git.
"""
import argparse
import os
import random
import string
import subprocess
import sys


def source_texts(root, rng, limit):
    paths = []
    for dirpath, _, names in os.walk(root):
        for n in names:
            if n.endswith((".h", ".hpp", ".c", ".py", ".txt")):
                paths.append(os.path.join(dirpath, n))
    paths.sort()
    rng.shuffle(paths)
    texts = []
    for p in paths[:limit]:
        try:
            with open(p, "rb") as f:
                data = f.read(200_000)
        except OSError:
            continue
        if data and b"\0" not in data:
            texts.append(data.split(b"\n"))
    if not texts:
        sys.exit("no source text under " + root)
    return texts


def fake_token(rng):
    # A synthetic GitHub-classic-shaped token (random; its checksum will not verify) and a
    # generic assignment most rule sets look at.
    body = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(36))
    return b"API_TOKEN = \"ghp_" + body.encode() + b"\"  # planted by gen_repo.py"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--commits", type=int, default=3000)
    ap.add_argument("--files", type=int, default=800, help="files in the first commit")
    ap.add_argument("--scale", type=int, default=1, help="file length multiplier")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--source", default="/usr/include")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    texts = source_texts(a.source, rng, 4000)

    subprocess.run(["git", "init", "-q", "-b", "main", a.out], check=True)
    fi = subprocess.Popen(["git", "-C", a.out, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    out = fi.stdin

    files = {}  # path -> list of lines
    dirs = ["src", "src/core", "src/net", "include", "lib/util", "tests", "docs", "tools"]

    def new_file():
        t = rng.choice(texts)
        start = rng.randrange(max(1, len(t) - 50))
        path = "%s/f%05d.%s" % (rng.choice(dirs), len(files) + rng.randrange(10**5), rng.choice(["c", "h", "py", "txt"]))
        lines = t[start:start + rng.randint(40, 600)]
        for _ in range(a.scale - 1):
            t = rng.choice(texts)
            start = rng.randrange(max(1, len(t) - 50))
            lines = lines + t[start:start + rng.randint(40, 600)]
        files[path] = lines

    for _ in range(a.files):
        new_file()

    mark = 0
    when = 1_500_000_000
    authors = [b"Ada Lovelace <ada@example.com>", b"Linus Example <linus@example.com>",
               b"Grace Hopper <grace@example.com>", b"Dev Bot <bot@example.com>"]
    branch_tips = {}
    for n in range(a.commits):
        changed = set()
        if n > 0:
            for _ in range(rng.randint(1, 6)):
                r = rng.random()
                if r < 0.08:
                    new_file()
                    changed.add(list(files)[-1])
                elif r < 0.10 and len(files) > 50:
                    path = rng.choice(list(files))
                    del files[path]
                    changed.add(path)
                else:
                    path = rng.choice(list(files))
                    lines = files[path]
                    donor = rng.choice(texts)
                    s = rng.randrange(max(1, len(donor) - 20))
                    at = rng.randrange(len(lines) + 1)
                    cut = rng.randint(0, 10)
                    lines = lines[:at] + donor[s:s + rng.randint(1, 25)] + lines[at + cut:]
                    if rng.random() < 0.004:
                        lines.insert(rng.randrange(len(lines) + 1), fake_token(rng))
                    files[path] = lines
                    changed.add(path)
        branch = "main" if rng.random() < 0.85 or n < 10 else rng.choice(["feature/a", "feature/b", "release"])
        mark += 1
        when += rng.randint(60, 20000)
        author = rng.choice(authors)
        msg = b"change %d" % n
        out.write(b"commit refs/heads/%s\nmark :%d\n" % (branch.encode(), mark))
        out.write(b"author %s %d +0000\ncommitter %s %d +0000\n" % (author, when, author, when))
        out.write(b"data %d\n%s\n" % (len(msg), msg))
        if branch in branch_tips:
            out.write(b"from :%d\n" % branch_tips[branch])
        elif branch != "main" and "main" in branch_tips:
            out.write(b"from :%d\n" % branch_tips["main"])
        if n == 0:
            out.write(b"deleteall\n")
            changed = set(files)
        for path in sorted(changed):
            if path in files:
                body = b"\n".join(files[path]) + b"\n"
                out.write(b"M 100644 inline %s\ndata %d\n" % (path.encode(), len(body)))
                out.write(body + b"\n")
            else:
                out.write(b"D %s\n" % path.encode())
        branch_tips[branch] = mark
        if n % 500 == 499:
            out.write(b"reset refs/tags/v%d\nfrom :%d\n\n" % (n // 500, mark))
    out.close()
    if fi.wait() != 0:
        sys.exit("fast-import failed")
    subprocess.run(["git", "-C", a.out, "repack", "-a", "-d", "-q", "--depth=50", "--window=10"], check=True)
    subprocess.run(["git", "-C", a.out, "checkout", "-q", "-f", "main"], check=True)


if __name__ == "__main__":
    main()
