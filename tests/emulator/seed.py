"""Seed data. ``demo`` is what ../shared/interface.md promises: Jira project SHOP with versions
2.4.0 and 2.5.0 and Test issues SHOP-101..110; user admin/admin with PAT demo-token; Zephyr
Enterprise project Shop with release Release 1.0; Xray Cloud client demo-client/demo-secret."""

TEST_SUMMARIES = [
    "Login succeeds", "Login rejects a bad password", "Checkout total", "Payment gateway timeout",
    "Cart keeps items", "Search finds products", "Coupon applies discount", "Order history lists orders",
    "Profile update", "Logout clears the session",
]

ISSUE_TYPES = [
    {"id": "10001", "name": "Bug", "subtask": False},
    {"id": "10002", "name": "Task", "subtask": False},
    {"id": "10003", "name": "Story", "subtask": False},
    {"id": "10005", "name": "Test", "subtask": False},
    {"id": "10006", "name": "Test Execution", "subtask": False},
    {"id": "10007", "name": "Test Plan", "subtask": False},
    {"id": "10008", "name": "Test Set", "subtask": False},
    {"id": "10009", "name": "Precondition", "subtask": False},
]

SEED_HOOKS = {}  # name -> loader(store): product modules add their own seed data


def add_user(store, name, password=None, token=None):
    user = store.find_one("user", name=name)
    doc = user or {"name": name}
    doc.update({"name": name, "password": password, "token": token, "displayName": name.title(),
                "emailAddress": "%s@example.com" % name, "key": "JIRAUSER%d" % (10000 + store.count("user"))})
    if user:
        return store.update("user", doc)
    return store.insert("user", doc, start=1)


def load(store, name):
    if name not in ("demo", "empty"):
        raise ValueError("unknown seed %r (use demo or empty)" % name)
    with store:
        add_user(store, "admin", "admin", "demo-token")
        store.insert("cloud_client", {"client_id": "demo-client", "client_secret": "demo-secret", "user": "admin"})
        for itype in ISSUE_TYPES:
            store.insert("issuetype", dict(itype, id=int(itype["id"])))
        if name == "empty":
            return
        project = store.insert("project", {"id": 10000, "key": "SHOP", "name": "Shop",
                                           "projectTypeKey": "software", "lead": "admin"})
        store.insert("version", {"id": 10100, "name": "2.4.0", "projectId": 10000, "released": False,
                                 "archived": False, "description": ""}, ref=10000)
        store.insert("version", {"id": 10101, "name": "2.5.0", "projectId": 10000, "released": False,
                                 "archived": False, "description": ""}, ref=10000)
        for number, summary in enumerate(TEST_SUMMARIES, start=101):
            store.insert("issue", {"id": 10000 + number, "key": "SHOP-%d" % number, "projectId": project["id"],
                                   "fields": {"summary": summary, "issuetype": {"id": "10005", "name": "Test"},
                                              "description": "", "labels": [], "components": [],
                                              "priority": {"name": "Medium"}, "fixVersions": [],
                                              "status": {"name": "Open"}}}, ref=project["id"])
        for _name, hook in sorted(SEED_HOOKS.items()):
            hook(store)
