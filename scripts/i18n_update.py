#!/usr/bin/env python3
"""Refresh the addon's translation template and Swedish catalogue.

    python3 scripts/i18n_update.py EXPORTED_POT

EXPORTED_POT is the template Odoo exports from a database where the addon is
installed from this tree (see scripts/i18n_update.sh). The script writes it as
synpunkt_klagomal/i18n/synpunkt_klagomal.pot, and rebuilds sv.po from it:
every entry of the template, with the Swedish text sv.po had for the same
msgid (entries appended by hand at the end of sv.po count too). Odoo loads
only the entries of sv.po that the template has, so both must be current.
Prints the msgids still without Swedish; exits 1 if there are any.
"""

# pylint: disable=print-used  # a command-line program: what it prints is its output

import os
import shutil
import sys

import polib

I18N = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), os.pardir, "synpunkt_klagomal", "i18n"
)


def main(exported):
    pot_path = os.path.join(I18N, "synpunkt_klagomal.pot")
    po_path = os.path.join(I18N, "sv.po")
    shutil.copyfile(exported, pot_path)
    old = polib.pofile(po_path)
    known = {
        entry.msgid: entry.msgstr
        for entry in old
        if entry.msgstr and not entry.obsolete
    }
    pot = polib.pofile(pot_path)
    new = polib.POFile(wrapwidth=78)
    new.metadata = old.metadata
    new.header = old.header
    missing = []
    for entry in pot:
        entry.msgstr = known.get(entry.msgid, "")
        if not entry.msgstr:
            missing.append(entry.msgid)
        new.append(entry)
    new.save(po_path)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print("%d entries, %d without Swedish" % (len(new), len(missing)))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
