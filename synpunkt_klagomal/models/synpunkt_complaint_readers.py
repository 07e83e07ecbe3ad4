"""Who may receive a case's content (SPEC §3): content leaves a case only
towards people who can read it at that moment.

- Notifications (inbox, e-mail, the bus) go only to recipients who can read
  the case: :meth:`_notify_get_recipients`.
- Followers: only internal users who can read the case may follow it, and
  every change of who may read it (unit, responsible handler, confidential
  flag, company; unit membership and management; a user's groups, companies
  or units) removes the followers who no longer can:
  :meth:`_synpunkt_prune_followers`. Activities of such users are handed on.
- Notices and activities the module sends go to :meth:`_synpunkt_notice_recipients`.
"""

from collections import defaultdict
from contextlib import contextmanager

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Key of the memo of :meth:`SynpunktComplaint._synpunkt_readers_memo` in cr.cache.
READERS_MEMO = "synpunkt_readers_memo"


class SynpunktComplaint(models.Model):
    _inherit = "synpunkt.complaint"

    # --------------------------------------------------------------- constraints

    @api.constrains("user_id", "company_id")
    def _check_user_company(self):
        # The responsible handler reads the case by the rules (assigned to
        # them): that needs the module's handler rights and the case's company.
        # Per responsible handler, not per case: a batch has few (issue 12).
        handlers = {
            user: user.has_group("synpunkt_klagomal.group_handler")
            for user in self.user_id
        }
        for case in self.filtered("user_id"):
            if not handlers[case.user_id]:
                raise ValidationError(
                    _(
                        "%(user)s is not a handler of feedback and complaints and "
                        "cannot be responsible for case %(ref)s.",
                        user=case.user_id.name,
                        ref=case.name,
                    )
                )
            if case.company_id not in case.user_id.company_ids:
                raise ValidationError(
                    _(
                        "%(user)s does not work in %(company)s and cannot be "
                        "responsible for case %(ref)s.",
                        user=case.user_id.name,
                        company=case.company_id.name,
                        ref=case.name,
                    )
                )

    # ---------------------------------------------------------------- readers

    def _synpunkt_readable_by(self, user):
        """The cases of ``self`` that ``user`` may read, in any of the user's
        companies (a notification reaches a user whatever company they have
        open). Inactive and portal users read none."""
        if not user or not user.active or user.share:
            return self.browse()
        memo = self.env.cr.cache.get(READERS_MEMO)
        if memo is not None and user.id in memo:
            checked, readable = memo[user.id]
            if checked.issuperset(self.ids):
                return self.browse([id_ for id_ in self.ids if id_ in readable])
        as_user = self.with_user(user).with_context(
            allowed_company_ids=user.company_ids.ids,
            active_test=False,
        )
        # The model's access rights only: on the recordset, has_access would
        # answer no for all as soon as one case is unreadable.
        if not as_user.browse().has_access("read"):
            result = self.browse()
        else:
            result = as_user.search([("id", "in", self.ids)]).with_env(self.env)
        if memo is not None:
            checked, readable = memo.get(user.id, (set(), set()))
            memo[user.id] = (checked | set(self.ids), readable | set(result.ids))
        return result

    @contextmanager
    def _synpunkt_readers_memo(self):
        """Within the block, :meth:`_synpunkt_readable_by` answers from
        memory for a person and cases it already checked: a job that asks
        about the same people several times (escalation: the recipients,
        then the assignees of their activities, then the followers) searches
        once per person (issue 12). Only around work that changes nobody's
        access; should access change all the same (an automated action on
        saving a case), :meth:`_synpunkt_prune_followers` empties it. The
        memory lives on the cursor and ends with the block."""
        cache = self.env.cr.cache
        if READERS_MEMO in cache:  # nested: the outer block owns it
            yield
            return
        cache[READERS_MEMO] = {}
        try:
            yield
        finally:
            cache.pop(READERS_MEMO, None)

    def _synpunkt_readable_by_partner(self, partner):
        """The cases of ``self`` that any user of ``partner`` (archived ones
        included) may read: followers and notifications belong to partners."""
        readable = self.browse()
        for user in partner.with_context(active_test=False).user_ids:
            readable |= self._synpunkt_readable_by(user)
        return readable

    def _synpunkt_readers(self, users):
        """The users among ``users`` who may read this case (one case)."""
        self.ensure_one()
        return users.filtered(lambda user: self._synpunkt_readable_by(user))

    def _synpunkt_notice_recipients(self, users):
        """Who gets a notice or an activity meant for ``users`` (one case):
        those of them who can read the case. If none can (e.g. a confidential
        case whose unit manager has no confidential access), the fallback is,
        in this order, the first that can read it of: the responsible handler,
        the head of administration; else the company's managers with
        confidential access. May be empty only if no one can read the case."""
        self.ensure_one()
        return self._synpunkt_notice_recipients_by_case(lambda case: users)[self]

    def _synpunkt_notice_recipients_by_case(self, users_of):
        """{case: res.users} for every case of ``self``: the recipients
        :meth:`_synpunkt_notice_recipients` gives for ``users_of(case)``.
        Set-based for batches (escalation): one search per distinct person
        and per company, not per case."""
        readable = {}

        def reads(user, case):
            if user not in readable:
                readable[user] = set(self._synpunkt_readable_by(user).ids)
            return case.id in readable[user]

        users = {case: users_of(case) for case in self}
        # What reads() asks of each person, for all of them at once.
        self.env["res.users"].union(*users.values()).fetch(
            ["active", "share", "company_ids"]
        )
        managers = {}
        result = {}
        for case in self:
            readers = users[case].filtered(lambda user, case=case: reads(user, case))
            for fallback in (case.user_id, case.company_id.synpunkt_head_user_id):
                if readers:
                    break
                if fallback and reads(fallback, case):
                    readers = fallback
            if not readers:
                company = case.company_id
                if company not in managers:
                    managers[company] = self.env["res.users"].search(
                        [
                            (
                                "groups_id",
                                "in",
                                self.env.ref("synpunkt_klagomal.group_manager").ids,
                            ),
                            (
                                "groups_id",
                                "in",
                                self.env.ref(
                                    "synpunkt_klagomal.group_confidential"
                                ).ids,
                            ),
                            ("company_ids", "in", company.ids),
                            ("share", "=", False),
                        ]
                    )
                readers = managers[company].filtered(
                    lambda user, case=case: reads(user, case)
                )
            result[case] = readers
        return result

    def _synpunkt_subscribe_each(self, partners_by_case):
        """Make each case's partners (``{case: res.partner}``, people who can
        read it: :meth:`_synpunkt_notice_recipients_by_case`) its followers
        with the default subtypes, as :meth:`_message_subscribe` would, but
        for pairs: one look at the existing followers and one create for the
        batch, where ``_message_subscribe`` subscribes every partner to
        every case of a call (issue 12)."""
        wanted = {
            (case.id, partner_id)
            for case, partners in partners_by_case.items()
            for partner_id in partners.ids
        }
        if not wanted:
            return
        Followers = self.env["mail.followers"].sudo()
        new, _update = Followers._add_default_followers(
            self._name,
            self.ids,
            list({partner_id for _case_id, partner_id in wanted}),
            check_existing=True,
            existing_policy="skip",
        )
        Followers.with_context(default_partner_id=False).create(
            [
                dict(values, res_id=res_id)
                for res_id, values_list in new.items()
                for values in values_list
                if (res_id, values["partner_id"]) in wanted
            ]
        )

    def _synpunkt_prune_followers(self, partners=None):
        """Remove the followers (of ``partners`` only, if given) who can no
        longer read the case, and hand their open activities of it on to
        :meth:`_synpunkt_notice_recipients`. Set-based: one search per
        follower user, not per case."""
        # Called on every change of who may read a case: what an open memo
        # (_synpunkt_readers_memo) knew may no longer hold.
        memo = self.env.cr.cache.get(READERS_MEMO)
        if memo:
            memo.clear()
        if not self:
            return
        domain = [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        if partners is not None:
            domain.append(("partner_id", "in", partners.ids))
        followers = self.env["mail.followers"].sudo().search(domain)
        stale = self.env["mail.followers"].sudo()
        for partner, partner_followers in followers.grouped("partner_id").items():
            cases = self.browse(partner_followers.mapped("res_id"))
            # a set, not .ids per follower (issue 12)
            readable_ids = set(cases._synpunkt_readable_by_partner(partner).ids)
            stale |= partner_followers.filtered(
                lambda f, ids=readable_ids: f.res_id not in ids
            )
        stale.unlink()
        self._synpunkt_reassign_activities()
        self._synpunkt_read_lost_notifications(partners)

    def _synpunkt_read_lost_notifications(self, partners=None):
        """Mark read the unread inbox notifications of the cases' messages
        for partners (of ``partners`` only, if given) who can no longer read
        the case. The inbox already hides them, but Discuss counts unread
        notifications in plain SQL (``res.partner._get_needaction_count``):
        without this, a user who lost access would keep a count of messages
        they cannot open. Kept, not deleted: they are the history of who was
        told what."""
        if not self:
            return
        domain = [
            ("mail_message_id.model", "=", self._name),
            ("mail_message_id.res_id", "in", self.ids),
            ("notification_type", "=", "inbox"),
            ("is_read", "=", False),
        ]
        if partners is not None:
            domain.append(("res_partner_id", "in", partners.ids))
        notifications = self.env["mail.notification"].sudo().search(domain)
        lost = self.env["mail.notification"].sudo()
        for partner, partner_notifications in notifications.grouped(
            "res_partner_id"
        ).items():
            cases = self.browse(partner_notifications.mail_message_id.mapped("res_id"))
            readable_ids = set(cases._synpunkt_readable_by_partner(partner).ids)
            lost |= partner_notifications.filtered(
                lambda n, ids=readable_ids: n.mail_message_id.res_id not in ids
            )
        lost.write({"is_read": True, "read_date": fields.Datetime.now()})

    def _synpunkt_reassign_activities(self):
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("user_id", "!=", False),
                ]
            )
        )
        for user, user_activities in activities.grouped("user_id").items():
            cases = self.browse(user_activities.mapped("res_id"))
            readable_ids = set(cases._synpunkt_readable_by(user).ids)
            for activity in user_activities.filtered(
                lambda a, ids=readable_ids: a.res_id not in ids
            ):
                case = self.browse(activity.res_id)
                heir = case._synpunkt_notice_recipients(
                    case.user_id | case.unit_id.manager_id
                )[:1]
                if heir:
                    activity.user_id = heir
                else:
                    activity.unlink()

    # ----------------------------------------------------------- mail.thread API

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        """Nobody is notified of a case they cannot read: not by inbox, not
        by e-mail, not on the bus; whatever made them a follower or a
        recipient."""
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        # Escalation tells these people once per run (a digest), not per case.
        digested = self.env.context.get("synpunkt_digested_partner_ids")
        if digested:
            recipients = [r for r in recipients if r["id"] not in digested]
        if len(self) != 1 or not recipients:
            return recipients
        partners = self.env["res.partner"].sudo().browse([r["id"] for r in recipients])
        allowed = {
            partner.id
            for partner in partners
            if self._synpunkt_readable_by_partner(partner)
        }
        return [r for r in recipients if r["id"] in allowed]

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # An escalation run subscribes its recipients for the whole batch
        # (_synpunkt_subscribe_each) before it creates their activities, whose
        # create would subscribe them again, one assignee at a time. The key
        # can only spare a subscription, never grant one.
        if self.env.context.get("synpunkt_followers_set") and not subtype_ids:
            return True
        return super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """Only internal users who can read a case may follow it; the person
        who sent it never does (no contact, OSL 26 kap. 1 §). Each case gets
        the partners who can read it (one search per partner's user)."""
        if not partner_ids:
            return super()._message_subscribe(
                partner_ids=partner_ids,
                subtype_ids=subtype_ids,
                customer_ids=customer_ids,
            )
        allowed = defaultdict(list)
        for partner in self.env["res.partner"].sudo().browse(partner_ids):
            for case in self._synpunkt_readable_by_partner(partner):
                allowed[case.id].append(partner.id)
        batches = defaultdict(lambda: self.browse())
        for case in self:
            batches[tuple(allowed[case.id])] |= case
        for pids, cases in batches.items():
            super(SynpunktComplaint, cases)._message_subscribe(
                partner_ids=list(pids),
                subtype_ids=subtype_ids,
                customer_ids=customer_ids,
            )
        return True
