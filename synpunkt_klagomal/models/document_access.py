"""Records that hold a case's content elsewhere (its attachments, its
messages) are readable only by whoever may read the case."""
from odoo.tools import SQL


def forbid_unreadable_documents(records, operation, result, guarded_models, make_error,
                                model_column="res_model", id_column="res_id"):
    """Extend the result of ``_check_access`` (None or (forbidden, error))
    with the records of ``records`` linked to a guarded document that the
    current user cannot read."""
    if operation != "read" or records.env.su or not records._ids:
        return result
    candidates = records - result[0] if result else records
    ids = [id_ for id_ in candidates._ids if isinstance(id_, int)]
    if not ids:
        return result
    records.flush_model([model_column, id_column])
    rows = records.env.execute_query(SQL(
        "SELECT id, %s, %s FROM %s WHERE id = ANY(%s) AND %s IN %s AND %s > 0",
        SQL.identifier(model_column), SQL.identifier(id_column), SQL.identifier(records._table),
        ids, SQL.identifier(model_column), tuple(guarded_models), SQL.identifier(id_column),
    ))
    forbidden_ids = []
    for model in guarded_models:
        linked = {(record_id, doc_id) for record_id, doc_model, doc_id in rows if doc_model == model}
        if not linked:
            continue
        documents = records.env[model].browse({doc_id for _rid, doc_id in linked})
        readable = set(documents.exists()._filtered_access("read")._ids)
        forbidden_ids += [record_id for record_id, doc_id in linked if doc_id not in readable]
    if not forbidden_ids:
        return result
    forbidden = records.browse(forbidden_ids)
    if result:
        return result[0] | forbidden, result[1]
    return forbidden, lambda: make_error(forbidden)
