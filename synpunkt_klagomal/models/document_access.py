"""Records that hold a case's content or its metadata elsewhere (messages,
attachments, followers, notifications) are readable only by whoever may read
the case.

Two doors, one rule (the case's own access rights and record rules):

- searching (``search``, ``search_read``, ``search_fetch``, ``read_group``,
  ``name_search``, export) gets one more SQL condition, added with the record
  rules (``_apply_ir_rules``), whatever the shape of the caller's domain:
  records of a guarded model are kept only when their document is readable.
  Users without any access right to the guarded model simply get none of
  them: filter, never raise, since these core models also serve everyone
  outside the module;
- reading by id (``read``, ``/web/content/<id>``) goes through
  ``_check_access``, extended with :func:`forbid_unreadable_documents`.
"""

from odoo.tools import SQL

# The models of this module whose linked records are as secret as they are.
CASE_MODEL = "synpunkt.complaint"
GUARDED_MODELS = ("synpunkt.complaint", "synpunkt.measure")


def readable_documents_sql(env, model_sql, id_sql, guarded_models=(CASE_MODEL,)):
    """SQL condition keeping to rows whose document the current user may read.

    :param env: environment of the current user (nothing is filtered in sudo)
    :param SQL model_sql: the column naming the document's model
        (e.g. ``SQL.identifier("mail_message", "model")``)
    :param SQL id_sql: the column of the document's id
    :return: an SQL condition, or None in sudo mode. For each guarded model:
        "another model (or none), or a readable document of this one", the
        latter a correlated ``EXISTS`` on the document's primary key with the
        guarded model's own record rules (its ``_search([])``), so that
        PostgreSQL checks only the rows it looks at, by index, and never
        lists all readable documents first. Users without any access right
        to a guarded model get none of its rows.
    """
    if env.su:
        return None
    conditions = []
    for model in guarded_models:
        documents = env[model].with_context(active_test=False)
        # COALESCE: the same test as IS DISTINCT FROM, but PostgreSQL does not
        # estimate it from the column statistics of a database where most
        # messages are cases, and keeps the inbox plan with its early LIMIT.
        other_model = SQL("COALESCE(%s, '') <> %s", model_sql, model)
        if not documents.has_access("read"):
            conditions.append(other_model)
            continue
        readable = documents._search([])
        readable.add_where(SQL("%s = %s", SQL.identifier(readable.table, "id"), id_sql))
        exists = SQL("EXISTS(%s)", readable.subselect(SQL("1")))
        # Flushed now: some callers (mail.message's own search) execute the
        # final SQL without flushing what this subquery reads.
        env.flush_query(exists)
        conditions.append(SQL("(%s OR %s)", other_model, exists))
    return SQL(" AND ").join(conditions)


def apply_document_guard(
    records, query, model_column, id_column, guarded_models=(CASE_MODEL,)
):
    """Add :func:`readable_documents_sql` for ``records``' table to ``query``
    (from ``_apply_ir_rules``: the Query of a search, before it runs with its
    limit, whatever the shape of the caller's domain and the read path:
    search, search_read, search_fetch, read_group, web_read_group)."""
    condition = readable_documents_sql(
        records.env,
        SQL.identifier(query.table, model_column),
        SQL.identifier(query.table, id_column),
        guarded_models,
    )
    if condition is not None:
        query.add_where(condition)


def apply_message_document_guard(records, query, message_column="mail_message_id"):
    """For records that point at a mail.message (notifications, outgoing
    mails): :func:`readable_documents_sql` on that message's document,
    checked row by row through the message's primary key."""
    message = SQL.identifier("synpunkt_guard_message")
    condition = readable_documents_sql(
        records.env, SQL("%s.model", message), SQL("%s.res_id", message)
    )
    if condition is not None:
        query.add_where(
            SQL(
                "EXISTS(SELECT 1 FROM mail_message %s WHERE %s.id = %s AND %s)",
                message,
                message,
                SQL.identifier(query.table, message_column),
                condition,
            )
        )


def forbid_unreadable_documents(
    records, operation, result, make_error, link_sql, guarded_models=(CASE_MODEL,)
):
    """Extend the result of ``_check_access`` (None or (forbidden, error))
    with the records of ``records`` linked to a guarded document that the
    current user cannot read.

    :param link_sql: function(ids) -> SQL selecting rows (record id, document
        model, document id) for the given record ids
    :param make_error: function(forbidden records) -> exception
    """
    if operation != "read" or records.env.su or not records._ids:
        return result
    candidates = records - result[0] if result else records
    ids = [id_ for id_ in candidates._ids if isinstance(id_, int)]
    if not ids:
        return result
    records.flush_model()
    rows = records.env.execute_query(link_sql(ids))
    forbidden_ids = []
    for model in guarded_models:
        linked = {
            (record_id, doc_id)
            for record_id, doc_model, doc_id in rows
            if doc_model == model and doc_id
        }
        if not linked:
            continue
        documents = (
            records.env[model]
            .with_context(active_test=False)
            .browse({doc_id for _rid, doc_id in linked})
        )
        readable = set(documents.exists()._filtered_access("read")._ids)
        forbidden_ids += [
            record_id for record_id, doc_id in linked if doc_id not in readable
        ]
    if not forbidden_ids:
        return result
    forbidden = records.browse(forbidden_ids)
    if result:
        return result[0] | forbidden, result[1]
    return forbidden, lambda: make_error(forbidden)


def own_columns_link(table, model_column, id_column):
    """``link_sql`` for records that name their document in their own columns."""

    def link_sql(ids):
        return SQL(
            "SELECT id, %s, %s FROM %s WHERE id = ANY(%s)",
            SQL.identifier(model_column),
            SQL.identifier(id_column),
            SQL.identifier(table),
            ids,
        )

    return link_sql


def message_link(table, message_column="mail_message_id"):
    """``link_sql`` for records that name their document through a message."""

    def link_sql(ids):
        return SQL(
            """SELECT record.id, message.model, message.res_id
                 FROM %s record
                 JOIN mail_message message ON message.id = record.%s
                WHERE record.id = ANY(%s)""",
            SQL.identifier(table),
            SQL.identifier(message_column),
            ids,
        )

    return link_sql
