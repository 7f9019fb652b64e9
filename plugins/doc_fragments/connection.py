# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options, documented once; module_utils/connection_options.py is the same table."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r"""
options: {}
"""

    ZEPHYR = r"""
options:
  url:
    description:
      - Zephyr Squad - the Jira base URL, with its context path if any (V(https://jira.example.com/jira)).
      - Zephyr Enterprise - the server URL (V(https://zephyr.example.com)); the module adds C(/flex/services/rest).
      - Falls back to the E(ZEPHYR_URL) environment variable.
    type: str
  username:
    description:
      - User name for basic or session authentication. Falls back to E(ZEPHYR_USERNAME).
    type: str
  password:
    description:
      - Password for basic or session authentication. Falls back to E(ZEPHYR_PASSWORD).
    type: str
  token:
    description:
      - Jira Personal Access Token (Squad) or Zephyr Enterprise API token, sent as C(Authorization) header as a C(Bearer) token.
      - Falls back to E(ZEPHYR_TOKEN).
    type: str
  auth_method:
    description:
      - V(basic) sends the user name and password on every request; V(token) sends O(token) as a bearer token;
        V(session) logs in once (Jira C(JSESSIONID), Zephyr Enterprise C(token) cookie) and logs in again when the
        session expires.
      - Default is V(token) when O(token) is set, else V(basic). Falls back to E(ZEPHYR_AUTH_METHOD).
    type: str
    choices: [basic, token, session]
  validate_certs:
    description:
      - Check the server's TLS certificate. Falls back to E(ZEPHYR_VALIDATE_CERTS).
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the CA that signed the server's certificate. Falls back to E(ZEPHYR_CA_PATH).
    type: path
  timeout:
    description:
      - Seconds to wait for each answer. Falls back to E(ZEPHYR_TIMEOUT).
    type: float
    default: 30.0
  retries:
    description:
      - How often a request is retried after HTTP 429, 502, 503, 504 or a connection error, with exponential
        backoff and jitter, honouring C(Retry-After). Requests that create things are retried only when the server
        provably did not process them. Falls back to E(ZEPHYR_RETRIES).
    type: int
    default: 5
  edition:
    description:
      - Which Zephyr product O(url) points at. Falls back to E(ZEPHYR_EDITION).
    type: str
    choices: [squad, enterprise]
    default: squad
"""

    XRAY = r"""
options:
  url:
    description:
      - Xray Server/Data Center - the Jira base URL, with its context path if any.
      - Xray Cloud - the Xray API URL; defaults to V(https://xray.cloud.getxray.app) (regional URLs work too).
      - Falls back to the E(XRAY_URL) environment variable.
    type: str
  username:
    description:
      - Jira user name for basic or session authentication (Server/DC). Falls back to E(XRAY_USERNAME).
    type: str
  password:
    description:
      - Jira password (Server/DC). Falls back to E(XRAY_PASSWORD).
    type: str
  token:
    description:
      - Jira Personal Access Token (Server/DC), sent as C(Authorization) header as a C(Bearer) token. Falls back to E(XRAY_TOKEN).
    type: str
  client_id:
    description:
      - Xray Cloud API key client id. Falls back to E(XRAY_CLIENT_ID).
    type: str
  client_secret:
    description:
      - Xray Cloud API key client secret. Falls back to E(XRAY_CLIENT_SECRET).
    type: str
  auth_method:
    description:
      - Server/DC only. V(basic), V(token) or V(session) (Jira C(JSESSIONID), renewed when it expires).
      - Default is V(token) when O(token) is set, else V(basic). Falls back to E(XRAY_AUTH_METHOD).
    type: str
    choices: [basic, token, session]
  validate_certs:
    description:
      - Check the server's TLS certificate. Falls back to E(XRAY_VALIDATE_CERTS).
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the CA that signed the server's certificate. Falls back to E(XRAY_CA_PATH).
    type: path
  timeout:
    description:
      - Seconds to wait for each answer. Falls back to E(XRAY_TIMEOUT).
    type: float
    default: 30.0
  retries:
    description:
      - How often a request is retried after HTTP 429, 502, 503, 504 or a connection error, with exponential
        backoff and jitter, honouring C(Retry-After). Falls back to E(XRAY_RETRIES).
    type: int
    default: 5
  deployment:
    description:
      - V(server) for Xray on Jira Server/Data Center (C(/rest/raven)), V(cloud) for Xray Cloud.
        Falls back to E(XRAY_DEPLOYMENT).
    type: str
    choices: [server, cloud]
    default: server
"""
