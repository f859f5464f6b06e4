"""Keeps an index on FerretDB v1's own `_id` look-up expression in every SQLite table it creates.

FerretDB v1 (SQLite backend) creates each collection's unique `_id` index on the expression
`_ferretdb_sjson->"_id"`, but filters `_id` look-ups, updates and deletes on
`_ferretdb_sjson->'$._id'`. SQLite only uses an expression index for the same expression, so every
update by `_id` scans the whole table (measured: 141 ms per updateOne at 20,000 documents, 1.4 ms
with this index; a find by `_id` 28 ms -> 0.8 ms). This process adds the missing index to every
FerretDB table of every database file in the data folder, and to new ones as they appear.

It runs beside the FerretDB that dev-services/ferretdb-server.ts starts (the embedded default and
the tests); a production MongoDB never needs it. FerretDB opens its files in WAL mode with a 10 s
busy timeout, so a CREATE INDEX here (milliseconds on a new, small table) only briefly delays a
write. The index lives in the table, so it goes when FerretDB drops the collection.

Usage: python3 ferretdb-id-index-keeper.py <sqlite folder> [interval seconds]
Exits when its parent process dies.
"""
import os
import sqlite3
import sys
import time

INDEX_EXPR = "_ferretdb_sjson->'$._id'"


def index_file(path):
    # mode=rw: never create a database file FerretDB has just dropped.
    con = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=10, isolation_level=None)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        existing = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        for table in tables:
            name = f"{table}_crm_sync_id_path"
            if name in existing:
                continue
            columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            if "_ferretdb_sjson" in columns:
                con.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({INDEX_EXPR})')
    finally:
        con.close()


def main():
    folder = sys.argv[1]
    interval = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
    parent = os.getppid()
    seen = {}
    while os.getppid() == parent:
        try:
            names = [n for n in os.listdir(folder) if n.endswith(".sqlite")]
        except FileNotFoundError:
            names = []
        for name in names:
            path = os.path.join(folder, name)
            try:
                stamp = tuple((s.st_mtime_ns, s.st_size) for s in (os.stat(p) for p in (path, path + "-wal") if os.path.exists(p)))
                if seen.get(path) == stamp:
                    continue
                index_file(path)
                seen[path] = stamp
            except (sqlite3.Error, OSError) as err:
                # A file being dropped or locked right now: the next pass sees it again.
                print(f"ferretdb-id-index-keeper: {name}: {err}", file=sys.stderr, flush=True)
                seen.pop(path, None)
        time.sleep(interval)


if __name__ == "__main__":
    main()
