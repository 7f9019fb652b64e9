# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one table of connection options, shared by every module (argument spec) and lookup.

Two families read different environment variables: Zephyr modules ``ZEPHYR_*``, Xray modules
``XRAY_*``. The doc fragment ``testops.testmgmt.connection`` documents the same table.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import env_fallback

XRAY_CLOUD_URL = "https://xray.cloud.getxray.app"

# option -> (argument spec without fallback, env suffix or None, families)
_TABLE = (
    ("url", dict(type="str"), "URL", ("zephyr", "xray")),
    ("username", dict(type="str"), "USERNAME", ("zephyr", "xray")),
    ("password", dict(type="str", no_log=True), "PASSWORD", ("zephyr", "xray")),
    ("token", dict(type="str", no_log=True), "TOKEN", ("zephyr", "xray")),
    ("client_id", dict(type="str"), "CLIENT_ID", ("xray",)),
    ("client_secret", dict(type="str", no_log=True), "CLIENT_SECRET", ("xray",)),
    ("auth_method", dict(type="str", choices=["basic", "token", "session"]), "AUTH_METHOD", ("zephyr", "xray")),
    ("validate_certs", dict(type="bool", default=True), "VALIDATE_CERTS", ("zephyr", "xray")),
    ("ca_path", dict(type="path"), "CA_PATH", ("zephyr", "xray")),
    ("timeout", dict(type="float", default=30.0), "TIMEOUT", ("zephyr", "xray")),
    ("retries", dict(type="int", default=5), "RETRIES", ("zephyr", "xray")),
    ("edition", dict(type="str", choices=["squad", "enterprise"], default="squad"), "EDITION", ("zephyr",)),
    ("deployment", dict(type="str", choices=["server", "cloud"], default="server"), "DEPLOYMENT", ("xray",)),
)

ENV_PREFIX = {"zephyr": "ZEPHYR_", "xray": "XRAY_"}


def connection_argument_spec(family):
    """Argument spec of the connection options of a family, with environment fallbacks."""
    prefix = ENV_PREFIX[family]
    spec = {}
    for name, base, env, families in _TABLE:
        if family not in families:
            continue
        option = dict(base)
        if env:
            option["fallback"] = (env_fallback, [prefix + env])
        spec[name] = option
    return spec


def connection_option_names(family):
    return [name for name, _base, _env, families in _TABLE if family in families]


def env_name(family, option):
    for name, _base, env, _families in _TABLE:
        if name == option and env:
            return ENV_PREFIX[family] + env
    return None
