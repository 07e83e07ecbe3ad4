#!/usr/bin/env python3
"""Run Odoo's own tests, selected by --test-tags, once the whole registry is
loaded: the at_install tests too.

    python3 scripts/odoo_core_tests.py <odoo server options> \\
        --test-enable --test-tags TAGS

Odoo runs a module's at_install tests right after loading that module, when
the registry holds only the modules loaded before it: base's attachment and
record-rule tests would never meet this addon's overrides of ir.attachment
or mail.message. Here no test runs during loading, and the post-install run
takes the selected at_install tests along, so every selected test runs
against the full registry, as in production. The options and the log are
Odoo's own (a database with the modules already installed, no -i/-u).
"""

import sys

import odoo
from odoo.tests import loader
from odoo.tests.suite import OdooSuite

_make_suite = loader.make_suite


def make_suite(module_names, position="at_install"):
    if position == "at_install":
        return OdooSuite([])
    tests = [
        test
        for pos in ("at_install", "post_install")
        for test in _make_suite(module_names, pos)
    ]
    return OdooSuite(sorted(tests, key=lambda test: test.test_sequence))


if __name__ == "__main__":
    loader.make_suite = make_suite
    sys.argv = [sys.argv[0], *sys.argv[1:]]
    odoo.cli.main()
