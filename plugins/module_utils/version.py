# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's version, for the User-Agent. tests/unit checks it against galaxy.yml."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

COLLECTION_VERSION = "0.1.0"
USER_AGENT = "testops.testmgmt/%s (Ansible collection)" % COLLECTION_VERSION
