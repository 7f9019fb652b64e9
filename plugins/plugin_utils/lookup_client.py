# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lookups build the same Client as modules, from the same option names (controller side)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleLookupError
from ansible.utils.display import Display

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.client import HAS_REQUESTS
from ansible_collections.testops.testmgmt.plugins.module_utils.connection import build_client
from ansible_collections.testops.testmgmt.plugins.module_utils.connection_options import connection_option_names
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError

display = Display()


def lookup_client(plugin, family):
    """A Client from a lookup's options (which fall back to env and vars like the modules')."""
    if not HAS_REQUESTS:
        raise AnsibleLookupError("the %s lookup needs the Python library requests on the controller" % family)
    params = dict((name, plugin.get_option(name)) for name in connection_option_names(family))
    try:
        return build_client(params, family, on_retry=display.warning, warn=display.warning)
    except InputError as exc:
        raise AnsibleLookupError(str(exc))


def lookup_errors(func):
    """Turn ApiError/InputError into a one-line AnsibleLookupError."""
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (ApiError, InputError) as exc:
            raise AnsibleLookupError(str(exc))
    return wrapper
