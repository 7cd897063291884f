#!/usr/bin/env python3
"""Checks that no C++ file includes a header of a higher layer.

The layers, bottom to top, are the top-level folders in LAYERS; a file may
include headers of its own folder and of the folders below it. Each quoted
#include is resolved the way the build resolves it: against every folder that
holds a library (CMake's e2e_library puts a library folder's parent on the
include path), so "world/world.h" is conformance/world/world.h.

Usage: check_layers.py [REPO]   exit 0: no upward include; 1: some (listed); 2: usage.
"""
import os
import re
import sys

# Bottom to top (ARCHITECTURE.md §3). bench and fuzz sit beside the top: they
# may use anything and nothing uses them.
LAYERS = ["reference", "vectors", "conformance", "attacks", "audit", "cli", "bench", "fuzz"]
SKIP_DIRS = {"build", ".git", "node_modules", "third_party", "corpus"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SOURCE_EXT = (".h", ".cc", ".cpp", ".hpp")


def sources(repo):
    for d, dirs, files in os.walk(repo):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS)
        for f in sorted(files):
            if f.endswith(SOURCE_EXT):
                yield os.path.relpath(os.path.join(d, f), repo)


def include_roots(repo, files):
    """Every folder from which quoted includes may resolve: each source's
    folder, each ancestor of it (library parents), and the repo root."""
    roots = {""}
    for f in files:
        d = os.path.dirname(f)
        while d:
            roots.add(d)
            d = os.path.dirname(d)
    return sorted(roots)


def layer_of(path):
    top = path.split(os.sep)[0]
    return LAYERS.index(top) if top in LAYERS else None


def check(repo):
    files = list(sources(repo))
    known = set(files)
    roots = include_roots(repo, files)
    problems = []
    for f in files:
        mine = layer_of(f)
        if mine is None:
            continue
        with open(os.path.join(repo, f), errors="replace") as fh:
            text = fh.read()
        for header in INCLUDE.findall(text):
            # Prefer a header of the file's own top-level folder, as a reader would.
            candidates = [os.path.normpath(os.path.join(r, header)) for r in roots]
            hits = [c for c in candidates if c in known]
            if not hits:
                continue
            same = [h for h in hits if h.split(os.sep)[0] == f.split(os.sep)[0]]
            target = (same or hits)[0]
            theirs = layer_of(target)
            if theirs is not None and theirs > mine:
                problems.append(f"{f}: includes {target} ({LAYERS[theirs]} is above {LAYERS[mine]})")
    return problems


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    repo = argv[1] if len(argv) == 2 else os.path.join(os.path.dirname(__file__), "..")
    if not os.path.isdir(repo):
        print(f"check_layers: {repo}: not a directory", file=sys.stderr)
        return 2
    problems = check(repo)
    for p in problems:
        print(p)
    print(f"check_layers: {len(problems)} upward include(s); layers bottom to top: {' < '.join(LAYERS)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
