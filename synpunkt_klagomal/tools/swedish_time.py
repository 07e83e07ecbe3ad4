"""Swedish time and working-day arithmetic, plain Python (no ORM), so that
it can be read and tested on its own. Swedish law counts days in Swedish time,
whatever the server's zone (lag (1930:173), förvaltningslagen)."""

from datetime import datetime, timedelta

import pytz

from odoo import fields

SWEDISH_TZ = pytz.timezone("Europe/Stockholm")


def swedish_date(moment):
    """The Swedish calendar day of a naive UTC datetime: a case received at
    23:30 UTC in winter arrived the next day in Stockholm."""
    return pytz.utc.localize(moment).astimezone(SWEDISH_TZ).date()


def swedish_today():
    """Today's date in Sweden: the day staff and the person live in, for
    dates stored on a case (acknowledged on, answered on) and to-dos."""
    return swedish_date(fields.Datetime.now())


def utc_naive(day, moment):
    """A Swedish wall-clock time (datetime.time) on ``day`` as the naive UTC
    datetime Odoo stores."""
    local = SWEDISH_TZ.localize(datetime.combine(day, moment))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def add_days(start_days, days, day_type, closed):
    """Map each start day (date) to its deadline ``days`` days later; the
    start day itself is not counted.

    :param str day_type: ``"working"``: count only days not in ``closed``;
        ``"calendar"``: count every day, and a deadline on a closed day moves
        to the next open one (lag (1930:173)).
    :param set closed: the dates that are not working days, covering at
        least ``days * 3 + 40`` days after the latest start (see
        :func:`horizon`).
    :return: dict {start date: deadline date}
    """
    deadlines = {}
    for start in set(start_days):
        day = start
        if day_type == "calendar":
            day += timedelta(days=days)
            while day in closed:
                day += timedelta(days=1)
        else:
            remaining = days
            while remaining > 0:
                day += timedelta(days=1)
                if day not in closed:
                    remaining -= 1
        deadlines[start] = day
    return deadlines


def horizon(start_days, days):
    """The date range (first, last) whose closed days :func:`add_days` needs:
    generous enough for the longest run of holidays (Christmas to Epiphany)."""
    return min(start_days), max(start_days) + timedelta(days=days * 3 + 40)
