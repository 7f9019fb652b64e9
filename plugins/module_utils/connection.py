# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Builds the one Client from connection options: the only place that picks auth per product."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.client import BasicAuth, BearerAuth, Client
from ansible_collections.testops.testmgmt.plugins.module_utils.connection_options import XRAY_CLOUD_URL, env_name
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.rate_limit import ENV_BUDGET, xray_cloud_limiter
from ansible_collections.testops.testmgmt.plugins.module_utils.session_auth import (
    JiraSessionAuth,
    XrayCloudAuth,
    ZephyrEnterpriseSessionAuth,
)


def product_of(family, params):
    """zephyr_squad, zephyr_enterprise, xray_server or xray_cloud."""
    if family == "zephyr":
        return "zephyr_" + (params.get("edition") or "squad")
    return "xray_" + (params.get("deployment") or "server")


def build_client(params, family, check_mode=False, on_retry=None, warn=None, rate_limiter=None):
    product = product_of(family, params)
    url = params.get("url")
    if product == "xray_cloud":
        url = url or XRAY_CLOUD_URL
        if not params.get("client_id") or not params.get("client_secret"):
            raise InputError("client_id", "Xray Cloud needs client_id and client_secret",
                             "set them or XRAY_CLIENT_ID and XRAY_CLIENT_SECRET (an API key from Xray Global Settings)")
        auth = XrayCloudAuth(params["client_id"], params["client_secret"])
        if rate_limiter is None:
            rate_limiter = _xray_cloud_limiter(url, params["client_id"])
    else:
        if not url:
            raise InputError("url", "is required", "set url or %s" % env_name(family, "url"))
        auth = _auth(params, family, product)
    if not (url.startswith("http://") or url.startswith("https://")):
        raise InputError("url", "must start with http:// or https:// (got %r)" % url)
    if not params.get("validate_certs", True):
        _quiet_insecure_warning()
        if warn:
            warn("validate_certs=false: TLS certificates are not checked; prefer ca_path")
    return Client(url, auth=auth, validate_certs=params.get("validate_certs", True),
                  ca_path=params.get("ca_path"), timeout=params.get("timeout") or 30,
                  retries=5 if params.get("retries") is None else params["retries"],
                  check_mode=check_mode, on_retry=on_retry, rate_limiter=rate_limiter)


def _auth(params, family, product):
    method = params.get("auth_method")
    token, user, password = params.get("token"), params.get("username"), params.get("password")
    if not method:
        method = "token" if token else "basic"
    if method == "token":
        if not token:
            raise InputError("token", "auth_method=token needs a token", "set token or %s" % env_name(family, "token"))
        return BearerAuth(token)
    if not user or password is None:
        raise InputError("username", "no credentials given",
                         "set token, or username and password (or %s, or %s and %s)"
                         % (env_name(family, "token"), env_name(family, "username"), env_name(family, "password")))
    if method == "session":
        if product == "zephyr_enterprise":
            return ZephyrEnterpriseSessionAuth(user, password)
        return JiraSessionAuth(user, password)
    return BasicAuth(user, password)


def _xray_cloud_limiter(url, client_id):
    """Pace requests under Xray Cloud's documented budget instead of living on 429s."""
    try:
        return xray_cloud_limiter(url, client_id)
    except ValueError as exc:
        raise InputError(ENV_BUDGET, str(exc), "or unset it for the Standard budget of 300 requests per 5 minutes")


def _quiet_insecure_warning():
    try:
        import urllib3

        urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    except ImportError:  # pragma: no cover
        pass
