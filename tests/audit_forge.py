#!/usr/bin/env python3
"""A forger's tool for the audit trail, written from doc/audit.md alone:
it hashes entries and builds the Merkle tree (RFC 9162) the way billcon
documents them, so that tests can append valid entries quickly and rewrite a
whole store as someone with the file could.

  audit_forge.py DB append N    append N valid entries (chain, tree, index)
  audit_forge.py DB rehash      recompute every hash and every tree hash
  audit_forge.py DB check       recompute the root and print it (base64)
"""
import base64
import hashlib
import sqlite3
import sys

GENESIS = "0" * 64
TILE = 8  # the lowest stored level: subtrees of 256 entries


def field(value):
    if value is None:
        return b"-"
    data = value.encode() if isinstance(value, str) else bytes(value)
    return str(len(data)).encode() + b":" + data


def entry_bytes(row):
    seq, at, actor, action, obj, before, after = row
    return b"".join(field(v) for v in (str(seq), at, actor, action, obj, before, after))


def chain_hash(prev, row):
    return hashlib.sha256(field(prev) + entry_bytes(row)).hexdigest()


def leaf(row):
    return hashlib.sha256(b"\x00" + entry_bytes(row)).digest()


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(leaves):
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node(mth(leaves[:k]), mth(leaves[k:]))


def rows(db):
    return db.execute(
        "SELECT seq, at, actor, action, object, before, after FROM audit ORDER BY seq").fetchall()


def stored_nodes(leaves):
    """Every complete subtree at level TILE and up: (id, hash)."""
    out = []
    level, hashes = 0, list(leaves)
    while len(hashes) > 1:
        hashes = [node(hashes[i], hashes[i + 1]) for i in range(0, len(hashes) - 1, 2)]
        level += 1
        if level >= TILE:
            out += [((level << 48) | i, h) for i, h in enumerate(hashes)]
    return out


def unguard(db):
    for t in ("audit_no_update", "audit_no_delete", "audit_tree_no_update", "audit_tree_no_delete"):
        db.execute("DROP TRIGGER IF EXISTS " + t)


def write_tree(db, leaves):
    db.execute("DELETE FROM audit_tree")
    db.executemany("INSERT INTO audit_tree(id, hash) VALUES(?, ?)", stored_nodes(leaves))


def append(db, n):
    last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = last if last else (0, GENESIS)
    for i in range(n):
        seq += 1
        row = (seq, "2026-03-01T%02d:%02d:%02dZ" % (seq // 3600 % 24, seq // 60 % 60, seq % 60),
               "forge%d@contoso.com" % (seq % 7), "tenant.update",
               "/providers/Microsoft.Billing/billingAccounts/forge/associatedTenants/t%06d" % seq,
               '{"displayName":"Old %d"}' % seq, '{"displayName":"New %d"}' % seq)
        prev = chain_hash(prev, row)
        db.execute("INSERT INTO audit(seq, at, actor, action, object, before, after, hash)"
                   " VALUES(?, ?, ?, ?, ?, ?, ?, ?)", row + (prev,))
    db.executemany("INSERT OR IGNORE INTO audit_tree(id, hash) VALUES(?, ?)",
                   stored_nodes([leaf(r) for r in rows(db)]))


def rehash(db):
    unguard(db)
    prev = GENESIS
    all_rows = rows(db)
    for row in all_rows:
        prev = chain_hash(prev, row)
        db.execute("UPDATE audit SET hash = ? WHERE seq = ?", (prev, row[0]))
    write_tree(db, [leaf(r) for r in all_rows])


def main():
    db = sqlite3.connect(sys.argv[1])
    verb = sys.argv[2]
    if verb == "append":
        append(db, int(sys.argv[3]))
    elif verb == "rehash":
        rehash(db)
    elif verb == "check":
        print(base64.b64encode(mth([leaf(r) for r in rows(db)])).decode())
    db.commit()
    db.close()


if __name__ == "__main__":
    main()
