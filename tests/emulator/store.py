"""SQLite document store: every record is JSON in (kind, id), with an indexed ``ref`` for the
common parent lookup (e.g. a cycle's executions). The index holds the id too, so a parent's documents
come out in id order, and a page of them (LIMIT/OFFSET), without a sort or a read of the kind's other
documents. One connection, one lock: the emulator serializes requests, which keeps every answer
consistent and is plenty fast on loopback."""

import json
import sqlite3
import threading

SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (kind TEXT NOT NULL, id INTEGER NOT NULL, ref TEXT, data TEXT NOT NULL,
                                 PRIMARY KEY (kind, id));
DROP INDEX IF EXISTS docs_ref;
CREATE INDEX IF NOT EXISTS docs_ref_id ON docs (kind, ref, id);
CREATE TABLE IF NOT EXISTS seq (kind TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


class Store:
    def __init__(self, path=":memory:"):
        self.path = path
        self.lock = threading.RLock()
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=MEMORY")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.executescript(SCHEMA)
        # text searches (JQL ``~``) filter in SQL without decoding every document: see docs_containing
        self.db.create_function("emulator_contains", 2, _contains, deterministic=True)
        self._depth = 0

    # -- transactions: one per request (re-entrant) --------------------------------------------
    def __enter__(self):
        self.lock.acquire()
        if self._depth == 0:
            self.db.execute("BEGIN")
        self._depth += 1
        return self

    def __exit__(self, exc_type, exc, tb):
        self._depth -= 1
        try:
            if self._depth == 0:
                self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self.lock.release()

    # -- ids -------------------------------------------------------------------------------------
    def next_id(self, kind, start=1):
        with self:
            row = self.db.execute("SELECT value FROM seq WHERE kind=?", (kind,)).fetchone()
            value = max(row[0] + 1, start) if row else start
            self.db.execute("INSERT OR REPLACE INTO seq (kind, value) VALUES (?, ?)", (kind, value))
            return value

    def reserve_ids(self, kind, count, start=1):
        """The first of ``count`` consecutive new ids of ``kind``: what ``count`` next_id calls would hand
        out, in one statement (bulk writers assign them and call insert_many)."""
        with self:
            row = self.db.execute("SELECT value FROM seq WHERE kind=?", (kind,)).fetchone()
            first = max(row[0] + 1, start) if row else start
            if count > 0:
                self.db.execute("INSERT OR REPLACE INTO seq (kind, value) VALUES (?, ?)", (kind, first + count - 1))
            return first

    # -- documents -------------------------------------------------------------------------------
    def insert(self, kind, doc, ref=None, start=1):
        with self:
            if doc.get("id") is None:
                doc["id"] = self.next_id(kind, start)
            else:
                self._bump(kind, int(doc["id"]))
            self.db.execute("INSERT INTO docs (kind, id, ref, data) VALUES (?, ?, ?, ?)",
                            (kind, int(doc["id"]), None if ref is None else str(ref), json.dumps(doc)))
            return doc

    def insert_many(self, kind, docs, ref_of=None, start=1):
        with self:
            rows = []
            for doc in docs:
                if doc.get("id") is None:
                    doc["id"] = self.next_id(kind, start)
                ref = ref_of(doc) if ref_of else None
                rows.append((kind, int(doc["id"]), None if ref is None else str(ref), json.dumps(doc)))
            self.db.executemany("INSERT INTO docs (kind, id, ref, data) VALUES (?, ?, ?, ?)", rows)
            return docs

    def _bump(self, kind, value):
        row = self.db.execute("SELECT value FROM seq WHERE kind=?", (kind,)).fetchone()
        if not row or row[0] < value:
            self.db.execute("INSERT OR REPLACE INTO seq (kind, value) VALUES (?, ?)", (kind, value))

    def get(self, kind, doc_id):
        try:
            doc_id = int(doc_id)
        except (TypeError, ValueError):
            return None
        with self:
            row = self.db.execute("SELECT data FROM docs WHERE kind=? AND id=?", (kind, doc_id)).fetchone()
        return json.loads(row[0]) if row else None

    def find(self, kind, ref=None, **equal):
        """Documents of a kind, optionally by ref, filtered on top-level fields (compared as str)."""
        sql, args = "SELECT data FROM docs WHERE kind=?", [kind]
        if ref is not None:
            sql += " AND ref=?"
            args.append(str(ref))
        sql += " ORDER BY id"
        with self:
            rows = self.db.execute(sql, args).fetchall()
        docs = [json.loads(r[0]) for r in rows]
        if equal:
            docs = [d for d in docs if all(_same(d.get(k), v) for k, v in equal.items())]
        return docs

    def find_one(self, kind, ref=None, **equal):
        docs = self.find(kind, ref=ref, **equal)
        return docs[0] if docs else None

    def update(self, kind, doc, ref=None):
        with self:
            if ref is None:
                self.db.execute("UPDATE docs SET data=? WHERE kind=? AND id=?",
                                (json.dumps(doc), kind, int(doc["id"])))
            else:
                self.db.execute("UPDATE docs SET data=?, ref=? WHERE kind=? AND id=?",
                                (json.dumps(doc), str(ref), kind, int(doc["id"])))
        return doc

    def update_many(self, kind, docs):
        with self:
            self.db.executemany("UPDATE docs SET data=? WHERE kind=? AND id=?",
                                [(json.dumps(doc), kind, int(doc["id"])) for doc in docs])
        return docs

    def delete(self, kind, doc_id):
        with self:
            cur = self.db.execute("DELETE FROM docs WHERE kind=? AND id=?", (kind, int(doc_id)))
            return cur.rowcount > 0

    def delete_ref(self, kind, ref):
        with self:
            self.db.execute("DELETE FROM docs WHERE kind=? AND ref=?", (kind, str(ref)))

    def count(self, kind, ref=None):
        sql, args = "SELECT COUNT(*) FROM docs WHERE kind=?", [kind]
        if ref is not None:
            sql += " AND ref=?"
            args.append(str(ref))
        with self:
            return self.db.execute(sql, args).fetchone()[0]

    def wipe(self):
        with self:
            self.db.execute("DELETE FROM docs")
            self.db.execute("DELETE FROM seq")


def _contains(text, word):
    return text is not None and str(word) in str(text).lower()


def _same(value, wanted):
    if value is None or wanted is None:
        return value is wanted
    return str(value) == str(wanted)
