"""The deadline rules' filters changed with the catch-up of missed triggers
(models/base_automation.py): the reminders and the delay notice no longer
stop one day after the deadline, and leave stamped cases out. The rules are
noupdate data, so an update does not rewrite them: write the new filters
here, but only where the filter is still the one shipped before (an
administrator's own filter is kept)."""

import logging
import os

from lxml import etree

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

OLD_FILTERS = {
    "automation_ack_reminder": "[('is_closed', '=', False), ('ack_date', '=', False), "
    "('ack_deadline', '>=', (swedish_today - datetime.timedelta(days=1)).isoformat()), "
    "('ack_deadline', '<=', (swedish_today + "
    "datetime.timedelta(days=21)).isoformat())]",
    "automation_response_reminder": "[('is_closed', '=', False), ('response_date', "
    "'=', False), ('response_deadline', '>=', (swedish_today - "
    "datetime.timedelta(days=1)).isoformat()), ('response_deadline', '<=', "
    "(swedish_today + datetime.timedelta(days=21)).isoformat())]",
    "automation_delay_notice": "[('is_closed', '=', False), ('response_date', '=', "
    "False), ('delay_notice_date', '=', False), ('feedback_method', '!=', 'none'), "
    "('stage_id.is_answered', '=', False), ('response_deadline', '>=', (swedish_today "
    "- datetime.timedelta(days=1)).isoformat()), ('response_deadline', '<=', "
    "(swedish_today + datetime.timedelta(days=21)).isoformat())]",
}


def shipped_filters():
    path = os.path.join(
        os.path.dirname(__file__),
        os.pardir,
        os.pardir,
        "data",
        "base_automation_data.xml",
    )
    tree = etree.parse(path)
    return {
        record.get("id"): record.find("field[@name='filter_domain']").text
        for record in tree.iterfind("record[@model='base.automation']")
    }


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    new_filters = shipped_filters()
    for xmlid, old in OLD_FILTERS.items():
        rule = env.ref(f"synpunkt_klagomal.{xmlid}", raise_if_not_found=False)
        if rule and rule.filter_domain == old:
            rule.filter_domain = new_filters[xmlid]
            _logger.info("Deadline rule %s: filter updated", xmlid)
