import hashlib
from datetime import timedelta

from odoo import api, fields, models, tools

# Default submissions per client address and hour; the system parameter below
# overrides it (0 switches the limit off).
DEFAULT_LIMIT_PER_HOUR = 20
LIMIT_PARAM = "synpunkt_klagomal.rate_limit_per_hour"
WINDOW = timedelta(hours=1)
# Rows are only needed for one window; the daily autovacuum keeps a margin.
KEEP = timedelta(days=1)


class SynpunktRateLimit(models.Model):
    """One submission of the citizens' web form by one client.

    Kept in the database, not in process memory, so that the limit holds
    across Odoo workers and servers (SPEC §9). The client address is stored
    only as a salted hash: it is personal data we do not need."""

    _name = "synpunkt.rate.limit"
    _description = "Web form submission (rate limit)"
    _log_access = False
    _order = "hit_at desc, id desc"

    key = fields.Char(
        required=True, help="sha256 of the database secret and the client address."
    )
    scope = fields.Char(required=True, default="web_form")
    hit_at = fields.Datetime(required=True, default=fields.Datetime.now)

    def init(self):
        tools.create_index(
            self._cr,
            "synpunkt_rate_limit_key_scope_hit_idx",
            self._table,
            ["key", "scope", "hit_at"],
        )

    @api.model
    def _client_key(self, address):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        return hashlib.sha256(f"{secret}:{address or ''}".encode()).hexdigest()

    @api.model
    def _limit_per_hour(self):
        value = self.env["ir.config_parameter"].sudo().get_param(LIMIT_PARAM)
        try:
            return (
                max(int(value), 0)
                if value not in (None, False, "")
                else DEFAULT_LIMIT_PER_HOUR
            )
        except ValueError:
            return DEFAULT_LIMIT_PER_HOUR

    @api.model
    def _hit(self, address, scope="web_form"):
        """Record one submission of ``address``; return False (and record
        nothing) when the client is over its limit for the last hour.

        A transaction-scoped advisory lock per client makes the count and
        the insert atomic, so parallel requests of one client cannot all
        slip under the limit."""
        limit = self._limit_per_hour()
        if not limit:
            return True
        key = self._client_key(address)
        cr = self.env.cr
        cr.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"{scope}:{key}"]
        )
        since = fields.Datetime.now() - WINDOW
        cr.execute(
            f"SELECT count(*) FROM {self._table} WHERE key = %s AND scope = %s AND "
            "hit_at > %s",
            [key, scope, since],
        )
        if cr.fetchone()[0] >= limit:
            return False
        self.sudo().create({"key": key, "scope": scope})
        return True

    @api.autovacuum
    def _gc_old_hits(self):
        """Daily: rows older than the window serve no purpose."""
        self.env.cr.execute(
            f"DELETE FROM {self._table} WHERE hit_at < %s",
            [fields.Datetime.now() - KEEP],
        )
