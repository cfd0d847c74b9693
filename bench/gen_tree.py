#!/usr/bin/env python3
"""Seeded generator of a realistic source tree for vigil benchmarks.

Writes OUT/tree (default ~30,000 files: code in several languages, config/JSON/YAML, docs,
vendored-looking folders, a few planted fake secrets in documented shapes) and, with --large,
OUT/large (a few big files, >= 1 GB in total). The same seed gives the same bytes. Planted
secrets are random characters in each provider's documented shape, never real credentials.
"""
import argparse
import base64
import json
import os
import random
import string
import zlib

ALNUM = string.ascii_letters + string.digits
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
WORDS = ("user account order item price total config cache client server request response "
         "handler buffer stream token session payload record index value result error status "
         "message query filter builder parser reader writer manager service factory context "
         "options settings window layout render event listener worker queue task job").split()


def ident(rng, parts=2):
    return "_".join(rng.choice(WORDS) for _ in range(parts))


def camel(rng, parts=2):
    return "".join(rng.choice(WORDS).capitalize() for _ in range(parts))


def py_lines(rng):
    n = ident(rng)
    return rng.choice([
        [f"def {n}({ident(rng, 1)}, {ident(rng, 1)}=None):",
         f"    \"\"\"Return the {rng.choice(WORDS)} for {rng.choice(WORDS)}.\"\"\"",
         f"    if {ident(rng, 1)} is None:", f"        return {rng.randint(0, 999)}",
         f"    return {ident(rng, 1)}.{ident(rng, 1)}({rng.randint(0, 99)})", ""],
        [f"class {camel(rng)}:", f"    {ident(rng, 1)} = {rng.randint(0, 9999)}",
         f"    def __init__(self, {ident(rng, 1)}):", f"        self.{n} = {ident(rng, 1)}", ""],
        [f"import {rng.choice(WORDS)}", f"from {rng.choice(WORDS)}.{rng.choice(WORDS)} import {camel(rng)}"],
        [f"{n} = os.environ.get(\"{n.upper()}_TOKEN\")"],
    ])


def js_lines(rng):
    n = camel(rng)
    return rng.choice([
        [f"export function {n[0].lower() + n[1:]}({ident(rng, 1)}, {ident(rng, 1)}) {{",
         f"  const {ident(rng, 1)} = await fetch(`/api/{rng.choice(WORDS)}/${{id}}`);",
         f"  if (!{ident(rng, 1)}) return null;", f"  return {ident(rng, 1)}.map((x) => x * {rng.randint(1, 9)});", "}", ""],
        [f"import {{ {n} }} from './{rng.choice(WORDS)}';"],
        [f"const {ident(rng, 1)}Key = process.env.{ident(rng).upper()}_API_KEY;"],
        [f"  {ident(rng, 1)}: {{ type: '{rng.choice(WORDS)}', default: {rng.randint(0, 99)} }},"],
    ])


def go_lines(rng):
    n = camel(rng)
    return rng.choice([
        [f"func {n}(ctx context.Context, {ident(rng, 1)} string) (*{camel(rng)}, error) {{",
         f"\tif {ident(rng, 1)} == \"\" {{", "\t\treturn nil, errors.New(\"empty\")", "\t}",
         f"\treturn &{camel(rng)}{{{camel(rng, 1)}: {rng.randint(0, 99)}}}, nil", "}", ""],
        [f"type {n} struct {{", f"\t{camel(rng, 1)} string `json:\"{ident(rng, 1)}\"`", "}", ""],
    ])


def c_lines(rng):
    n = ident(rng)
    return rng.choice([
        [f"static int {n}(struct {ident(rng, 1)} *p, size_t n) {{",
         f"    for (size_t i = 0; i < n; ++i) p->{ident(rng, 1)}[i] = i * {rng.randint(1, 99)};",
         f"    return {rng.randint(-1, 1)};", "}", ""],
        [f"#include \"{ident(rng)}.h\""],
        [f"/* {' '.join(rng.choice(WORDS) for _ in range(8))} */"],
    ])


def java_lines(rng):
    n = camel(rng)
    return rng.choice([
        [f"public final class {n} {{", f"    private final {camel(rng, 1)} {ident(rng, 1)};",
         f"    public {camel(rng, 1)} get{camel(rng, 1)}() {{ return this.{ident(rng, 1)}; }}", "}", ""],
        [f"import com.{rng.choice(WORDS)}.{camel(rng, 1)};"],
    ])


def rust_lines(rng):
    return rng.choice([
        [f"pub fn {ident(rng)}(x: &{camel(rng)}) -> Result<u64, Error> {{",
         f"    let {ident(rng, 1)} = x.{ident(rng, 1)}()?;", f"    Ok({rng.randint(0, 9999)})", "}", ""],
        [f"use crate::{rng.choice(WORDS)}::{camel(rng, 1)};"],
    ])


def md_lines(rng):
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize() + ".", ""]


LANGS = [(".py", py_lines, 20), (".js", js_lines, 18), (".ts", js_lines, 10), (".go", go_lines, 10),
         (".c", c_lines, 6), (".h", c_lines, 4), (".java", java_lines, 8), (".rs", rust_lines, 6),
         (".md", md_lines, 5)]


def code_file(rng, size, make):
    out, total = [], 0
    while total < size:
        for line in make(rng):
            out.append(line)
            total += len(line) + 1
    return "\n".join(out) + "\n"


def json_file(rng, size):
    items, total = [], 0
    while total < size:
        item = {ident(rng, 1): rng.randint(0, 10**6), "name": camel(rng), "tags": rng.sample(WORDS, 3),
                "enabled": rng.random() < 0.5}
        items.append(item)
        total += 80
    return json.dumps({"version": 1, "items": items}, indent=2) + "\n"


def yaml_file(rng, size):
    out, total = [], 0
    while total < size:
        out.append(f"{ident(rng)}:\n  {ident(rng, 1)}: {rng.randint(0, 9999)}\n  host: {rng.choice(WORDS)}.internal\n")
        total += len(out[-1])
    return "".join(out)


def minified(rng, size):
    parts = []
    while sum(map(len, parts)) < size:
        parts.append(f"function {camel(rng)}(a,b){{return a.{ident(rng, 1)}(b)||{rng.randint(0, 99)}}};")
    return "".join(parts)


# Fake secrets in documented shapes (random characters; checksummed where the format has one).
def github_token(rng):
    body = "".join(rng.choice(ALNUM) for _ in range(30))
    crc, tail = zlib.crc32(body.encode()), ""
    for _ in range(6):
        tail = BASE62[crc % 62] + tail
        crc //= 62
    return "ghp_" + body + tail


def planted(rng):
    kind = rng.randrange(4)
    if kind == 0:
        return f"GITHUB_TOKEN={github_token(rng)}"
    if kind == 1:
        key = "AKIA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))
        secret = "".join(rng.choice(ALNUM + "/+") for _ in range(40))
        return f"aws_access_key_id = {key}\naws_secret_access_key = {secret}"
    if kind == 2:
        return "SLACK_BOT_TOKEN=xoxb-" + "-".join(
            "".join(rng.choice(string.digits) for _ in range(n)) for n in (12, 13)) + "-" + "".join(
            rng.choice(ALNUM) for _ in range(24))
    return "STRIPE_KEY=sk_live_" + "".join(rng.choice(ALNUM) for _ in range(24))


def gen_tree(root, files, rng):
    dirs = ["src", "lib", "app", "internal", "pkg", "tests", "docs", "config", "scripts"]
    vendored = ["node_modules", "vendor", "third_party", "external"]
    plant_every = max(1, files // 40)
    total_bytes, secrets = 0, 0
    for i in range(files):
        top = rng.choice(vendored) if rng.random() < 0.3 else rng.choice(dirs)
        depth = rng.randint(1, 4)
        folder = os.path.join(root, top, *(rng.choice(WORDS) + str(rng.randint(0, 9)) for _ in range(depth)))
        size = min(int(rng.lognormvariate(8.3, 1.1)), 400_000)  # median ~4 KB, long tail
        r = rng.random()
        if r < 0.12:
            name, text = ident(rng) + ".json", json_file(rng, size)
        elif r < 0.20:
            name, text = ident(rng) + rng.choice([".yml", ".yaml"]), yaml_file(rng, size)
        elif r < 0.23 and top in vendored:
            name, text = ident(rng) + ".min.js", minified(rng, size)
        else:
            ext, make, _ = rng.choices(LANGS, weights=[w for *_, w in LANGS])[0]
            name, text = ident(rng) + ext, code_file(rng, size, make)
        if i % plant_every == 0:
            lines = text.split("\n")
            lines.insert(rng.randrange(len(lines)), planted(rng))
            text = "\n".join(lines)
            secrets += 1
        os.makedirs(folder, exist_ok=True)
        data = text.encode()
        with open(os.path.join(folder, f"{i:05d}_{name}"), "wb") as f:
            f.write(data)
        total_bytes += len(data)
    return total_bytes, secrets


def gen_large(root, rng, total_gb):
    """Few big files: a log, minified JS, base64 data and a CSV, each built from 1 MB blocks."""
    os.makedirs(root, exist_ok=True)
    kinds = {
        "app.log": lambda: "".join(f"2024-05-{rng.randint(1, 28):02d}T10:{rng.randint(0, 59):02d}:00Z INFO "
                                   f"{ident(rng)} id={rng.randint(0, 10**9)} took={rng.randint(1, 999)}ms\n"
                                   for _ in range(14000)),
        "bundle.min.js": lambda: minified(rng, 1 << 20),
        "blob.b64": lambda: base64.encodebytes(rng.randbytes(760_000)).decode(),
        "table.csv": lambda: "".join(f"{rng.randint(0, 10**6)},{camel(rng)},{rng.random():.6f},{ident(rng)}\n"
                                     for _ in range(20000)),
    }
    per_file = int(total_gb * (1 << 30)) // len(kinds)
    written = 0
    for name, make in kinds.items():
        blocks = [make().encode() for _ in range(8)]
        with open(os.path.join(root, name), "wb") as f:
            size = 0
            while size < per_file:
                block = blocks[rng.randrange(len(blocks))]
                f.write(block)
                size += len(block)
            f.write(("\n" + planted(rng) + "\n").encode())
        written += size
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", help="output folder (tree/ and large/ are created inside)")
    ap.add_argument("--files", type=int, default=30000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--large", action="store_true", help="also write large/ (>= 1 GB)")
    ap.add_argument("--large-gb", type=float, default=1.05)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tree = os.path.join(args.out, "tree")
    marker = os.path.join(args.out, "tree.complete")  # outside the tree, so never scanned
    if not os.path.exists(marker):
        n_bytes, secrets = gen_tree(tree, args.files, rng)
        with open(marker, "w") as f:
            f.write(f"files={args.files} bytes={n_bytes} planted={secrets} seed={args.seed}\n")
    print("tree:", open(marker).read().strip())
    if args.large:
        large = os.path.join(args.out, "large")
        marker = os.path.join(args.out, "large.complete")
        if not os.path.exists(marker):
            n = gen_large(large, random.Random(args.seed + 1), args.large_gb)
            with open(marker, "w") as f:
                f.write(f"bytes={n} files=4 seed={args.seed + 1}\n")
        print("large:", open(marker).read().strip())


if __name__ == "__main__":
    main()
