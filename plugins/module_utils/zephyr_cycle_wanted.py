# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zephyr_cycle: the cycle and its folders (phases) as the options ask for them, checked before any request."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils import dates
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import CYCLE_FIELDS
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_enterprise_phases import phase_specs
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import folder_specs


def wanted_fields(params):
    """The managed fields as the user asked for them; validated before any request."""
    if not (params["name"] or "").strip():
        raise InputError("name", "must not be empty", "give the cycle a name")
    start = dates.parse_iso(params["start_date"], "start_date")
    end = dates.parse_iso(params["end_date"], "end_date")
    dates.check_order(start, end)
    wanted = dict((field, params.get(field)) for field in CYCLE_FIELDS)
    wanted["start_date"] = start.isoformat() if start else None
    wanted["end_date"] = end.isoformat() if end else None
    return wanted


def group_specs(params, group_option):
    """The folders (Squad) or phases (Enterprise) the options list, as portable specs."""
    if group_option == "phases":
        return phase_specs(params["phases"], params["purge_tests"])
    return folder_specs(params["folders"], params["purge_tests"])
