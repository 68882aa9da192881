#!/usr/bin/env python3
"""merkle_verify.py MAX < dump: checks what tests/unit/merkle_dump prints.

An implementation of RFC 9162 (Certificate Transparency 2.0) section 2.1
apart from billcon's: its own leaf hashes of "leaf 0", "leaf 1", ..., its own
MTH (2.1.1), and the RFC's verification algorithms for inclusion (2.1.3.2)
and consistency (2.1.4.2) proofs. Every root printed must be the MTH, every
proof must verify, the same proof with one bit flipped must not, and every
size 1..MAX must be there with every leaf and every older size.
Exits 0 when all holds, 1 with the first few failures otherwise.
"""
import base64
import functools
import hashlib
import json
import sys


def leaf_hash(i):
    return hashlib.sha256(b"\x00" + b"leaf %d" % i).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


@functools.lru_cache(maxsize=None)
def mth(lo, hi):
    """MTH(D[lo:hi]), as 2.1.1 defines it."""
    n = hi - lo
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaf_hash(lo)
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(mth(lo, lo + k), mth(lo + k, hi))


def verify_inclusion(leaf_index, tree_size, h, path, root):
    """RFC 9162 2.1.3.2."""
    if leaf_index >= tree_size:
        return False
    fn, sn = leaf_index, tree_size - 1
    r = h
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_hash, second_hash, path):
    """RFC 9162 2.1.4.2; equal sizes prove themselves with no path."""
    if first == second:
        return not path and first_hash == second_hash
    if not path:
        return False
    if first & (first - 1) == 0:
        path = [first_hash] + path
    fn, sn = first - 1, second - 1
    if fn & 1:
        while fn & 1:
            fn >>= 1
            sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0


def b64(text):
    raw = base64.b64decode(text, validate=True)
    if len(raw) != 32 or base64.b64encode(raw).decode() != text:
        raise ValueError("not the base64 of a hash: %r" % text)
    return raw


def flipped(path):
    if not path:
        return None
    first = bytearray(path[0])
    first[0] ^= 0x01
    return [bytes(first)] + path[1:]


def check(line, seen):
    """Returns what is wrong with one line, or None."""
    rec = json.loads(line)
    size = rec["size"]
    if "root" in rec:
        seen["root"].add(size)
        return None if b64(rec["root"]) == mth(0, size) else "wrong root"
    path = [b64(p) for p in rec["proof"]]
    bad = flipped(path)
    root = mth(0, size)
    if "leaf" in rec:
        leaf = rec["leaf"]
        seen["leaf"].add((leaf, size))
        if not verify_inclusion(leaf, size, leaf_hash(leaf), path, root):
            return "inclusion proof does not verify"
        if bad and verify_inclusion(leaf, size, leaf_hash(leaf), bad, root):
            return "a tampered inclusion proof verifies"
        return None
    old = rec["old"]
    seen["old"].add((old, size))
    if not verify_consistency(old, size, mth(0, old), root, path):
        return "consistency proof does not verify"
    if bad and verify_consistency(old, size, mth(0, old), root, bad):
        return "a tampered consistency proof verifies"
    return None


def missing(seen, top):
    for size in range(1, top + 1):
        if size not in seen["root"]:
            return "no root of size %d" % size
        for i in range(1, size + 1):
            if (i - 1, size) not in seen["leaf"]:
                return "no inclusion proof of leaf %d in size %d" % (i - 1, size)
            if (i, size) not in seen["old"]:
                return "no consistency proof from %d to %d" % (i, size)
    return None


def main():
    top = int(sys.argv[1])
    seen = {"root": set(), "leaf": set(), "old": set()}
    failures, lines = 0, 0
    for line in sys.stdin:
        lines += 1
        try:
            wrong = check(line, seen)
        except (ValueError, KeyError, TypeError) as e:
            wrong = "unreadable: %s" % e
        if wrong:
            failures += 1
            if failures <= 5:
                print("merkle_verify: %s: %s" % (wrong, line.strip()[:300]), file=sys.stderr)
    gap = missing(seen, top)
    if gap:
        failures += 1
        print("merkle_verify: %s" % gap, file=sys.stderr)
    print("merkle_verify: %d lines, %d failures, largest tree %d" %
          (lines, failures, max(seen["root"], default=0)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
