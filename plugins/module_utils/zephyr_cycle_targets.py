# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zephyr_cycle: the places that hold tests (the cycle itself and each folder or phase with a test set),
what they hold now and what they must hold."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import known_tests, source_spec


class Target:
    """A place that holds tests: the cycle itself (group None) or one folder."""

    def __init__(self, label, spec_pair, purge, folder_spec=None):
        self.label = label
        self.option, self.spec = spec_pair
        self.purge = purge
        self.folder_spec = folder_spec
        self.group = None
        self.executions = []
        self.test_set = None


def cycle_targets(params, pairs):
    """One target for the cycle's own test source (if given), one per planned folder with a test source."""
    targets = []
    spec_pair = source_spec(params)
    if spec_pair is not None:
        targets.append(Target("cycle", spec_pair, params["purge_tests"]))
    for spec, group, _changes in pairs:
        if spec["tests"] is not None:
            target = Target(spec["name"], spec["tests"], spec["purge"], folder_spec=spec)
            target.group = group
            targets.append(target)
    return targets


def read_targets(backend, scope, basis_scope, basis, targets):
    """Each target's executions (in the cycle, or the clone source), then its wanted test set."""
    for target in targets:
        # A folder that does not exist yet holds nothing (its group is None, which would mean "the cycle").
        new_folder = target.folder_spec is not None and target.group is None
        target.executions = [] if basis is None or new_folder else backend.list_executions(
            basis_scope, basis, target.group)
    known = {}
    for target in targets:
        known.update(known_tests(target.executions))
    for target in targets:
        target.test_set = backend.resolve_test_set(scope, target.spec, target.option, known=known)
