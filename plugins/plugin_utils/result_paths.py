# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Result file terms (paths and globs) of the result lookups, found as ansible.builtin.fileglob finds them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import os

from ansible.errors import AnsibleLookupError
from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import is_glob


def search_dirs(plugin, variables):
    """<dir>/files, then <dir>, for each directory of the search path (the role's, then the playbook's)."""
    variables = variables or {}
    paths = variables.get("ansible_search_path")
    if not paths:
        try:
            paths = [plugin.get_basedir(variables)]
        except AttributeError:  # no loader (plain unit tests)
            paths = [os.getcwd()]
    dirs = []
    for path in paths:
        dirs.extend([os.path.join(path, "files"), path])
    return dirs


def find_files(plugin, term, variables, lookup_name):
    """Absolute paths of the files a term names (a glob's sorted), from the first search directory where it
    names any; a term naming no file, or a directory, is an AnsibleLookupError naming the term."""
    if not isinstance(term, str) or not term.strip():
        raise AnsibleLookupError("%s: each term must be a path or glob, got %r" % (lookup_name, term))
    term = term.strip()
    pattern = os.path.expanduser(term)
    wildcard = is_glob(pattern)
    if os.path.isabs(pattern):
        dirs = None
        candidates = [pattern]
    else:
        dirs = search_dirs(plugin, variables)
        # a [ or * in a search directory's own name is no wildcard
        candidates = [os.path.join(glob.escape(base) if wildcard else base, pattern) for base in dirs]
    for candidate in candidates:
        if wildcard:
            matches = sorted(path for path in glob.glob(candidate, recursive=True) if os.path.isfile(path))
            if matches:
                return [os.path.abspath(path) for path in matches]
        elif os.path.isfile(candidate):
            return [os.path.abspath(candidate)]
        elif os.path.isdir(candidate):
            raise AnsibleLookupError("%s: %s: is a directory, not a result file (use a glob such as dir/*.xml)"
                                     % (lookup_name, term))
    raise AnsibleLookupError("%s: %s: no result file matches this %s%s" % (
        lookup_name, term, "glob" if wildcard else "path",
        " (searched in %s)" % ", ".join(dirs) if dirs else ""))
