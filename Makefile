# The two commands of README.rst. The work is done in scripts/.
.PHONY: demo test readme

# Fresh demo database with the addon and its demo data, served on http://localhost:8069
demo:
	bash scripts/demo.sh

# Odoo tests of the addon (with demo data and Swedish, then without either, which
# install must be clean), Odoo's tests of what it overrides, and the pytest suite
test:
	bash scripts/test.sh

# README.rst and synpunkt_klagomal/static/description/index.html, generated from
# synpunkt_klagomal/readme/*.md (make test fails while they are stale)
readme:
	bash scripts/readme.sh
