# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input found before anything is written: one line naming the option and the fix."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class InputError(Exception):
    def __init__(self, option, problem, fix=None):
        self.option = option
        text = "%s: %s" % (option, problem)
        if fix:
            text += "; %s" % fix
        super(InputError, self).__init__(text)


class AmbiguousError(InputError):
    """Two things match where one is expected: name both instead of picking one."""
