"""Shared by the benchmarks: open an Odoo environment on a database, time
blocks, count SQL queries. Benchmarks print figures; they assert nothing."""

# pylint: disable=print-used  # the benchmarks' figures: what they print is their output

import argparse
import contextlib
import functools
import importlib.util
import os
import sys
import time

sys.path.insert(
    0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "scripts")
)
import odoo_env

DEFAULT_DB = os.environ.get("SK_BENCH_DB", "sk_bench")
REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)


_configured = False


def odoo_args(*extra_addons):
    """Odoo's command-line arguments, with ``extra_addons`` directories
    appended to the addons path (a peer's checkout for bench_scale.py)."""
    args = odoo_env.odoo_args()
    if extra_addons:
        args = [
            ",".join([arg, *extra_addons]) if arg.startswith("--addons-path=") else arg
            for arg in args
        ]
    return args


def init_odoo(*extra_addons):
    """Configure Odoo once per process; the first call's ``extra_addons``
    hold for the process (call with them before any environment())."""
    global _configured
    import odoo
    from odoo.tools import config

    if not _configured:
        config.parse_config(odoo_args(*extra_addons) + ["--log-level=warn"])
        _configured = True
    return odoo


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """The description as written, and each option's default after its help."""

    def _get_help_string(self, action):
        text = action.help or ""
        if action.default not in (None, False, argparse.SUPPRESS):
            text += " (default: %(default)s)"
        return text


def argument_parser(doc):
    """The command line's parser: its description is ``doc``'s first
    paragraph (the module docstring's summary) as written, not cut at its
    first line."""
    return argparse.ArgumentParser(
        description=doc.split("\n\n")[0].strip(), formatter_class=_HelpFormatter
    )


@functools.cache
def board():
    """synpunkt_klagomal/tests/board.py, the board's load shared with the
    query-count test, read by its path: importing it as
    ``odoo.addons.synpunkt_klagomal.tests.board`` would import Odoo's test
    framework, which logs an error when not running tests."""
    path = os.path.join(REPO, "synpunkt_klagomal", "tests", "board.py")
    spec = importlib.util.spec_from_file_location("synpunkt_board", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def environment(dbname=DEFAULT_DB, commit=False):
    """An environment as the superuser. Rolled back unless ``commit``, so
    measurements leave the database as they found it."""
    odoo = init_odoo()
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "Europe/Stockholm"})
        try:
            yield env
        finally:
            if commit:
                # The generators' data are meant to stay (a benchmark, not Odoo code).
                cr.commit()  # pylint: disable=invalid-commit
            else:
                cr.rollback()


@contextlib.contextmanager
def measure(env, label, results):
    """Wall time and SQL query count of a block."""
    env.flush_all()
    queries_before = env.cr.sql_log_count
    start = time.perf_counter()
    yield
    env.flush_all()
    results[label] = {
        "seconds": time.perf_counter() - start,
        "queries": env.cr.sql_log_count - queries_before,
    }


def report(results):
    width = max(len(label) for label in results)
    for label, figures in results.items():
        extra = "".join(
            f"  {key}={value}"
            for key, value in figures.items()
            if key not in ("seconds", "queries")
        )
        print(
            f"{label:<{width}}  {figures['seconds']:8.3f} s  {figures['queries']:7d} "
            f"queries{extra}"
        )
