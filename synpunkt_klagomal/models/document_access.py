"""Records that hold a case's content or its metadata elsewhere (messages,
attachments, followers, notifications) are readable only by whoever may read
the case.

Two doors, one rule (the case's own access rights and record rules):

- searching (``search``, ``search_read``, ``search_fetch``, ``read_group``,
  ``name_search``, export) gets one more SQL condition, whatever the shape of
  the caller's domain: records of a guarded model are kept only when their
  document is among the readable ones. Users without any access right to the
  guarded model simply get none of them: filter, never raise, since these
  core models also serve everyone outside the module;
- reading by id (``read``, ``/web/content/<id>``) goes through
  ``_check_access``, extended with :func:`forbid_unreadable_documents`.
"""
from odoo.tools import SQL

# The models of this module whose linked records are as secret as they are.
CASE_MODEL = "synpunkt.complaint"
GUARDED_MODELS = ("synpunkt.complaint", "synpunkt.measure")


def readable_documents_domain(env, model_field, id_field, guarded_models=(CASE_MODEL,)):
    """Domain keeping to records whose document the current user may read.

    :param env: environment of the current user (nothing is filtered in sudo)
    :param str model_field: path of the char field naming the document's
        model (``"model"``, ``"res_model"``, ``"mail_message_id.model"``)
    :param str id_field: path of the integer field of the document's id
    :return: a domain (list), empty in sudo mode. For each guarded model it
        says "another model, or a readable document of this one"; the readable
        documents are the guarded model's own ``_search([])`` with its record
        rules, as a subquery in the same SQL statement (no ids in Python).
        ``!=`` keeps records without a model (Odoo's ``!=`` includes NULL).
    """
    if env.su:
        return []
    domain = []
    for model in guarded_models:
        documents = env[model].with_context(active_test=False)
        if documents.has_access("read"):
            readable = documents._search([])
            # Flushed now: some callers (mail.message's own search) execute
            # the final SQL without flushing what the subquery reads.
            env.flush_query(readable.subselect())
            domain += ["|", (model_field, "!=", model), (id_field, "in", readable)]
        else:
            domain.append((model_field, "!=", model))
    return domain


def forbid_unreadable_documents(records, operation, result, make_error, link_sql,
                                guarded_models=(CASE_MODEL,)):
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
        linked = {(record_id, doc_id) for record_id, doc_model, doc_id in rows
                  if doc_model == model and doc_id}
        if not linked:
            continue
        documents = records.env[model].with_context(active_test=False).browse(
            {doc_id for _rid, doc_id in linked})
        readable = set(documents.exists()._filtered_access("read")._ids)
        forbidden_ids += [record_id for record_id, doc_id in linked if doc_id not in readable]
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
            SQL.identifier(model_column), SQL.identifier(id_column), SQL.identifier(table), ids,
        )
    return link_sql
