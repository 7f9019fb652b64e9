"""A local emulator of Jira + Zephyr Squad, Zephyr Enterprise and Xray (Server and Cloud).

Stateful (SQLite), enforcing auth, answering with the shapes, codes and error bodies documented in
../shared/api/. Not shipped in the built collection (galaxy.yml build_ignore).
"""
