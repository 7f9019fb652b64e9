"""Execution reads done in SQL: a listing page decodes only its own executions and the status counts
are one GROUP BY, so paging through N executions stays linear (a page used to decode the whole cycle).

Answers match the Python versions they replace: the same filters, the same order (ties by id, as the
store lists them) and the same counts.
"""

import json

from tests.emulator.products.zapi.model import EXECUTION

FIELD = "json_extract(data, '$.%s')"
# sorter field (lower case) -> SQL expression; anything else sorts by orderId, as ZAPI does
SORT_KEYS = {
    "orderid": FIELD % "orderId",
    "id": "id",
    "executionstatus": "CAST(%s AS INTEGER)" % (FIELD % "executionStatus"),
    "issuekey": FIELD % "issueKey",
}
INDEXES = (
    # a listing page in the default order (OrderId), read straight off the index
    "CREATE INDEX IF NOT EXISTS docs_zexec_order ON docs (ref, %s, %s, id) WHERE kind = '%s'"
    % (FIELD % "folderId", FIELD % "orderId", EXECUTION),
    # the status counts of a cycle or folder
    "CREATE INDEX IF NOT EXISTS docs_zexec_status ON docs (ref, %s, %s) WHERE kind = '%s'"
    % (FIELD % "folderId", FIELD % "executionStatus", EXECUTION),
    # the executions of a Test (issueId listings, deleting a Test's executions)
    "CREATE INDEX IF NOT EXISTS docs_zexec_issue ON docs (%s) WHERE kind = '%s'" % (FIELD % "issueId", EXECUTION),
)


class Filter:
    """Which executions: under ``ref`` (a cycle or the Ad hoc scope), in one folder (``folder`` an id)
    or outside every folder (``folder`` None; ``any_folder`` False), of one Test (``issue_id``)."""

    def __init__(self, ref=None, folder=None, any_folder=True, issue_id=None):
        self.ref, self.folder, self.any_folder, self.issue_id = ref, folder, any_folder, issue_id

    def sql(self):
        where, args = ["kind = '%s'" % EXECUTION], []
        if self.ref is not None:
            where.append("ref = ?")
            args.append(str(self.ref))
        if not self.any_folder:
            # folderId is an id or null (never 0); IS matches both and lets SQLite use the indexes above
            where.append("%s IS ?" % (FIELD % "folderId"))
            args.append(int(self.folder) if self.folder else None)
        if self.issue_id is not None:
            where.append("%s = ?" % (FIELD % "issueId"))
            args.append(int(self.issue_id))
        return " AND ".join(where), args

    def source(self):
        """``docs`` with the index to read through where SQLite would otherwise walk every execution in id order."""
        return "docs INDEXED BY docs_zexec_issue" if self.ref is None and self.issue_id is not None else "docs"


def ensure_indexes(store):
    with store:
        for statement in INDEXES:
            store.db.execute(statement)


def order_by(sorter):
    field, _sep, direction = (sorter or "OrderId:ASC").partition(":")
    key = SORT_KEYS.get(field.strip().lower(), SORT_KEYS["orderid"])
    descending = direction.strip().upper() == "DESC"
    # Python's sorted(reverse=True) keeps equal keys in their (id) order: so does "id" after the key here.
    return "%s %s, id" % (key, "DESC" if descending else "ASC")


def page(store, where, sorter, offset, limit):
    """One page of executions, in ZAPI's sort order."""
    clause, args = where.sql()
    if limit <= 0:
        return []
    with store:
        ensure_indexes(store)
        rows = store.db.execute("SELECT data FROM %s WHERE %s ORDER BY %s LIMIT ? OFFSET ?"
                                % (where.source(), clause, order_by(sorter)), args + [int(limit), int(offset)]).fetchall()
    return [json.loads(row[0]) for row in rows]


def status_counts(store, where):
    """{status id string: count} of the filtered executions."""
    clause, args = where.sql()
    counts = {}
    with store:
        ensure_indexes(store)
        rows = store.db.execute("SELECT %s, COUNT(*) FROM %s WHERE %s GROUP BY 1"
                                % (FIELD % "executionStatus", where.source(), clause), args).fetchall()
    for status, count in rows:  # "1" and 1 are one status, as str() makes them
        counts[str(status)] = counts.get(str(status), 0) + count
    return counts


def issue_ids(store, where):
    """The Test ids of the filtered executions (a set), without decoding them."""
    clause, args = where.sql()
    with store:
        ensure_indexes(store)
        rows = store.db.execute("SELECT %s FROM %s WHERE %s" % (FIELD % "issueId", where.source(), clause), args).fetchall()
    return set(int(row[0]) for row in rows)


def find(store, where):
    """Every filtered execution, by id (what ``store.find`` answers)."""
    clause, args = where.sql()
    with store:
        ensure_indexes(store)
        rows = store.db.execute("SELECT data FROM %s WHERE %s ORDER BY id" % (where.source(), clause), args).fetchall()
    return [json.loads(row[0]) for row in rows]
