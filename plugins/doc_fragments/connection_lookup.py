# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options of the lookups: the modules' names, read from options, env or vars."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r"""
options: {}
"""

    ZEPHYR = r"""
options:
  url:
    description: Jira base URL (Squad) or Zephyr Enterprise server URL.
    type: str
    env: [{name: ZEPHYR_URL}]
    vars: [{name: zephyr_url}]
  username:
    description: User for basic or session auth.
    type: str
    env: [{name: ZEPHYR_USERNAME}]
    vars: [{name: zephyr_username}]
  password:
    description: Password for basic or session auth.
    type: str
    env: [{name: ZEPHYR_PASSWORD}]
    vars: [{name: zephyr_password}]
  token:
    description: Jira PAT or Zephyr Enterprise API token (Bearer).
    type: str
    env: [{name: ZEPHYR_TOKEN}]
    vars: [{name: zephyr_token}]
  auth_method:
    description: V(basic), V(token) or V(session); default V(token) when O(token) is set, else V(basic).
    type: str
    choices: [basic, token, session]
    env: [{name: ZEPHYR_AUTH_METHOD}]
    vars: [{name: zephyr_auth_method}]
  validate_certs:
    description: Check the server's TLS certificate.
    type: bool
    default: true
    env: [{name: ZEPHYR_VALIDATE_CERTS}]
    vars: [{name: zephyr_validate_certs}]
  ca_path:
    description: PEM file of the CA that signed the server's certificate.
    type: path
    env: [{name: ZEPHYR_CA_PATH}]
    vars: [{name: zephyr_ca_path}]
  timeout:
    description: Seconds to wait for each answer.
    type: float
    default: 30.0
    env: [{name: ZEPHYR_TIMEOUT}]
    vars: [{name: zephyr_timeout}]
  retries:
    description: Retries after 429, 502, 503, 504 or connection errors.
    type: int
    default: 5
    env: [{name: ZEPHYR_RETRIES}]
    vars: [{name: zephyr_retries}]
  edition:
    description: V(squad) or V(enterprise).
    type: str
    choices: [squad, enterprise]
    default: squad
    env: [{name: ZEPHYR_EDITION}]
    vars: [{name: zephyr_edition}]
"""

    XRAY = r"""
options:
  url:
    description: Jira base URL (Server/DC) or Xray Cloud URL (default V(https://xray.cloud.getxray.app)).
    type: str
    env: [{name: XRAY_URL}]
    vars: [{name: xray_url}]
  username:
    description: Jira user (Server/DC).
    type: str
    env: [{name: XRAY_USERNAME}]
    vars: [{name: xray_username}]
  password:
    description: Jira password (Server/DC).
    type: str
    env: [{name: XRAY_PASSWORD}]
    vars: [{name: xray_password}]
  token:
    description: Jira PAT (Server/DC), sent as Bearer.
    type: str
    env: [{name: XRAY_TOKEN}]
    vars: [{name: xray_token}]
  client_id:
    description: Xray Cloud API key client id.
    type: str
    env: [{name: XRAY_CLIENT_ID}]
    vars: [{name: xray_client_id}]
  client_secret:
    description: Xray Cloud API key client secret.
    type: str
    env: [{name: XRAY_CLIENT_SECRET}]
    vars: [{name: xray_client_secret}]
  auth_method:
    description: Server/DC only. V(basic), V(token) or V(session).
    type: str
    choices: [basic, token, session]
    env: [{name: XRAY_AUTH_METHOD}]
    vars: [{name: xray_auth_method}]
  validate_certs:
    description: Check the server's TLS certificate.
    type: bool
    default: true
    env: [{name: XRAY_VALIDATE_CERTS}]
    vars: [{name: xray_validate_certs}]
  ca_path:
    description: PEM file of the CA that signed the server's certificate.
    type: path
    env: [{name: XRAY_CA_PATH}]
    vars: [{name: xray_ca_path}]
  timeout:
    description: Seconds to wait for each answer.
    type: float
    default: 30.0
    env: [{name: XRAY_TIMEOUT}]
    vars: [{name: xray_timeout}]
  retries:
    description: Retries after 429, 502, 503, 504 or connection errors.
    type: int
    default: 5
    env: [{name: XRAY_RETRIES}]
    vars: [{name: xray_retries}]
  deployment:
    description: V(server) or V(cloud).
    type: str
    choices: [server, cloud]
    default: server
    env: [{name: XRAY_DEPLOYMENT}]
    vars: [{name: xray_deployment}]
"""
