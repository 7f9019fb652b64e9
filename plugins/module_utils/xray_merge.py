# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a re-publish does to what people changed on a run (``merge``).

The rule, the same on both deployments:

- A run's status was set by a person when the run has an executor (Xray records who set a final or
  in-progress status: ``executedBy`` on Server/DC, ``executedById`` on Cloud) and that executor is not
  the account the module publishes with. TODO is nobody's result (Xray clears the executor).
- ``keep`` (default): the module never writes such a run's status, not even through an import of
  a file that lists it (the file then goes in pieces without that run). Comments are merged: the
  module's comment is appended below a comment someone else wrote, unless it is already there as a
  paragraph. Defects and evidence are only ever added. On a person's run, the module's comment,
  defects and evidence go through the run's own update, which leaves status and executor alone.
- ``replace``: the published status and comment overwrite what is there; on Server/DC the defects
  given in ``results`` become the run's only defects.

Who "the module" is: on Server/DC the connecting user (GET /rest/api/2/myself, asked only when a run's
executor is not the user name the module logs in with); on Cloud, whose API
cannot tell which account an API key acts as, the ``publisher`` option (the account id); without it,
Cloud runs count as the module's own and a warning says so when that overwrites someone's status.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

KEEP, REPLACE = "keep", "replace"
MODES = (KEEP, REPLACE)
SEPARATOR = "\n\n"
UNSET_STATUSES = ("TODO", "")


def has_paragraph(text, paragraph):
    """True if ``paragraph`` is ``text`` or one of its blank-line separated parts (start, middle, end)."""
    if text == paragraph:
        return True
    return (text.startswith(paragraph + SEPARATOR) or text.endswith(SEPARATOR + paragraph)
            or (SEPARATOR + paragraph + SEPARATOR) in text)


class MergePolicy:
    def __init__(self, mode, backend, publisher=None, warn=None):
        self.mode = mode or KEEP
        self.backend = backend
        self.publisher = publisher
        self.warn = warn or (lambda message: None)
        self.identity_unknown = False

    @property
    def replace(self):
        return self.mode == REPLACE

    def people_runs(self, runs):
        """Test keys of the runs whose status a person set (empty with replace)."""
        if self.replace:
            return set()
        candidates = [r for r in runs if r.get("executed_by") and (r.get("status") or "") not in UNSET_STATUSES]
        if not candidates:
            return set()
        login = None if self.publisher else self.backend.publisher_login()
        if login and all(str(r["executed_by"]).strip().lower() == login.strip().lower() for r in candidates):
            return set()  # every status is the login's own: no request needed to tell its other names
        names = self._publisher_names()
        if names is None:
            self.identity_unknown = True
            return set()
        return set(r["test_key"] for r in candidates if str(r["executed_by"]).strip().lower() not in names)

    def _publisher_names(self):
        if self.publisher:
            return set([self.publisher.strip().lower()])
        names = self.backend.publisher_names()
        return set(str(n).strip().lower() for n in names if n) if names is not None else None

    def comment(self, current, ours):
        """The comment to write, or None when the run's comment stays as it is."""
        if ours is None:
            return None
        current = current or ""
        if current == ours:
            return None
        if self.replace or not current.strip():
            return ours
        if has_paragraph(current, ours):
            return None
        return current + SEPARATOR + ours

    def warn_overwritten(self, runs, changed_keys):
        """Cloud without publisher: say when a run someone else executed got the module's status."""
        if not self.identity_unknown:
            return
        touched = sorted(r["test_key"] for r in runs if r["test_key"] in changed_keys and r.get("executed_by")
                         and (r.get("status") or "") not in UNSET_STATUSES)
        if touched:
            self.warn("merge=keep cannot tell who set the statuses of %s on Xray %s (its API does not say which "
                      "account the API key acts as), so they were published over; give publisher (the API key "
                      "user's account id) to keep statuses people set"
                      % (", ".join(touched[:10]) + (" ..." if len(touched) > 10 else ""),
                         self.backend.deployment.title()))
