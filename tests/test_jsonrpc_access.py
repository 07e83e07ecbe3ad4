"""Who sees which case, over Odoo's real JSON-RPC and HTTP, as each demo role.

The expectations are computed, not hard-coded: the cases come straight from
PostgreSQL (bypassing every access rule), the unit tree from the admin's
JSON-RPC, and the rules of SPEC §3 are applied to them here:

- a user sees the cases of their companies only;
- Registrar, Manager and Administrator see every case of the company; a
  Handler sees the cases of the units they belong to or manage, with all
  their sub-units, and the cases assigned to them;
- a confidential case is seen only with Confidential access, or by its
  responsible handler; nobody else sees it at all (nor its messages and
  attachments).
"""

import base64
import os

import pytest
from odoo_server import RpcError

MODEL = "synpunkt.complaint"
BOARD_FIELDS = ["name", "unit_id", "is_confidential", "user_id"]

# login -> (whose cases the role sees, confidential access), per the demo data.
ROLES = {
    "admin": ("company", False),
    "registrator": ("company", False),
    "kvalitet": ("company", True),
    "hemtjanst.chef": ("units", False),
    "ifo.handlaggare": ("units", True),
}
WITHOUT_CONFIDENTIAL = [login for login, (_, conf) in ROLES.items() if not conf]
WITH_CONFIDENTIAL = [login for login, (_, conf) in ROLES.items() if conf]
NOTE_MARKER = "pytest-confidential-note"


def many2one_id(value):
    return value[0] if value else False


@pytest.fixture(scope="module")
def truth(odoo_server, clients):
    """The ground truth: every case, user, unit and group membership."""
    db = odoo_server.db
    users = {
        r["login"]: r["id"]
        for r in db.query(
            "SELECT id, login FROM res_users WHERE login = ANY(%s)", [list(ROLES)]
        )
    }
    missing = set(ROLES) - set(users)
    assert not missing, f"demo users missing: {sorted(missing)}"
    companies = {}
    for row in db.query(
        "SELECT user_id, cid FROM res_company_users_rel WHERE user_id = ANY(%s)",
        [list(users.values())],
    ):
        companies.setdefault(row["user_id"], set()).add(row["cid"])
    groups = {}
    for row in db.query(
        "SELECT d.name AS xmlid, r.uid FROM ir_model_data d "
        "JOIN res_groups_users_rel r ON r.gid = d.res_id "
        "WHERE d.module = 'synpunkt_klagomal' AND d.model = 'res.groups'"
    ):
        groups.setdefault(row["xmlid"], set()).add(row["uid"])
    columns = {
        r["column_name"]
        for r in db.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = "
            "'synpunkt_complaint'"
        )
    }
    active = " WHERE active" if "active" in columns else ""
    cases = db.query(
        "SELECT id, name, unit_id, user_id, is_confidential, company_id FROM "
        "synpunkt_complaint" + active
    )
    assert cases, "the demo database has no case"
    # The unit tree as the module's administrator sees it (units are not secret).
    units = clients["admin"].execute(
        "synpunkt.unit",
        "search_read",
        [],
        fields=["parent_id", "parent_path", "manager_id", "member_ids"],
        context={"active_test": False},
    )
    return {
        "users": users,
        "companies": companies,
        "groups": groups,
        "cases": cases,
        "units": units,
    }


def unit_scope(truth, uid):
    """Units whose cases a handler works: their own (member or manager) and all
    below."""
    own = {
        u["id"]
        for u in truth["units"]
        if many2one_id(u["manager_id"]) == uid or uid in u["member_ids"]
    }
    return {
        u["id"]
        for u in truth["units"]
        if own & {int(p) for p in (u["parent_path"] or "").split("/") if p}
    }


def expected_case_ids(truth, login):
    sees, confidential = ROLES[login]
    uid = truth["users"][login]
    scope = unit_scope(truth, uid)
    expected = set()
    for case in truth["cases"]:
        if case["company_id"] and case["company_id"] not in truth["companies"].get(
            uid, set()
        ):
            continue
        mine = case["user_id"] == uid
        if case["is_confidential"] and not confidential and not mine:
            continue
        if sees == "company" or mine or case["unit_id"] in scope:
            expected.add(case["id"])
    return expected


def case_names(truth, ids):
    return sorted(c["name"] for c in truth["cases"] if c["id"] in ids)


def test_demo_roles_have_the_groups_of_the_role_table(truth):
    """The demo users are what the expectations assume (else fix the demo data or
    ROLES)."""
    for login, (sees, confidential) in ROLES.items():
        uid = truth["users"][login]
        assert (
            uid in truth["groups"].get("group_confidential", set())
        ) == confidential, login
        assert (uid in truth["groups"].get("group_registrar", set())) == (
            sees == "company"
        ), login
        if sees == "units":
            assert uid in truth["groups"].get("group_handler", set()), login
            assert unit_scope(truth, uid), f"{login} belongs to no unit"


@pytest.mark.parametrize("login", list(ROLES))
def test_board_shows_exactly_the_cases_of_the_role(clients, truth, login):
    client = clients[login]
    rows = client.execute(MODEL, "search_read", [], fields=BOARD_FIELDS)
    visible = {r["id"] for r in rows}
    expected = expected_case_ids(truth, login)
    assert visible == expected, (
        f"{login} sees cases it should not: {case_names(truth, visible - expected)}; "
        f"misses cases: {case_names(truth, expected - visible)}"
    )
    assert client.execute(MODEL, "search_count", []) == len(expected)

    all_ids = {c["id"] for c in truth["cases"]}
    confidential_ids = {c["id"] for c in truth["cases"] if c["is_confidential"]}
    assert visible, f"{login} sees no case at all: the test would prove nothing"
    assert confidential_ids, "the demo data has no confidential case"
    if login == "kvalitet":
        assert (
            visible == all_ids
        ), "the manager with confidential access must see every case"
    else:
        assert (
            all_ids - visible
        ), f"{login} sees every case: the test would prove nothing"
    if ROLES[login][1]:
        assert (
            visible & confidential_ids
        ), f"{login} has confidential access but sees no confidential case"
    if ROLES[login][0] == "units":
        # Sub-units count: a case of a unit below one's own is on the board.
        uid = truth["users"][login]
        for row in rows:
            if row["user_id"] and many2one_id(row["user_id"]) == uid:
                continue
            assert many2one_id(row["unit_id"]) in unit_scope(truth, uid), row


@pytest.fixture(scope="module")
def confidential_cases(odoo_server, clients, truth):
    """Every confidential case with its attachments (and their bytes) and messages.

    A note is posted on each by the manager with confidential access, so that
    every case has at least one message whose content must stay hidden.
    """
    db = odoo_server.db
    cases = [c for c in truth["cases"] if c["is_confidential"]]
    for case in cases:
        clients["kvalitet"].execute(
            MODEL,
            "message_post",
            [case["id"]],
            body="{} {}".format(NOTE_MARKER, case["name"]),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        case["attachments"] = db.query(
            "SELECT id, name, store_fname, db_datas FROM ir_attachment "
            "WHERE res_model = %s AND res_id = %s",
            [MODEL, case["id"]],
        )
        for attachment in case["attachments"]:
            attachment["content"] = attachment_bytes(odoo_server, attachment)
        case["message_ids"] = {
            r["id"]
            for r in db.query(
                "SELECT id FROM mail_message WHERE model = %s AND res_id = %s",
                [MODEL, case["id"]],
            )
        }
    assert any(
        c["attachments"] for c in cases
    ), "no confidential demo case has an attachment"
    return cases


def attachment_bytes(odoo_server, attachment):
    if attachment["store_fname"]:
        path = os.path.join(
            odoo_server.data_dir,
            "filestore",
            odoo_server.dbname,
            attachment["store_fname"],
        )
        with open(path, "rb") as f:
            return f.read()
    return bytes(attachment["db_datas"] or b"")


def assert_access_error(call, what):
    with pytest.raises(RpcError) as info:
        result = call()
        pytest.fail(f"{what} succeeded: {result!r}")  # pragma: no cover
    assert info.value.name == "odoo.exceptions.AccessError", f"{what}: {info.value}"


@pytest.mark.parametrize("login", WITHOUT_CONFIDENTIAL)
def test_confidential_case_is_closed_by_id_without_confidential_access(
    clients, truth, confidential_cases, login
):
    client = clients[login]
    uid = truth["users"][login]
    session = client.web_session()
    hidden = [c for c in confidential_cases if c["user_id"] != uid]
    assert (
        hidden
    ), f"{login} is responsible for every confidential case: nothing to test"
    assert any(
        c["attachments"] for c in hidden
    ), "no hidden confidential case has an attachment"
    for case in hidden:
        cid = case["id"]
        assert_access_error(
            lambda cid=cid: client.execute(
                MODEL, "read", [cid], fields=["name", "description"]
            ),
            "{} reads case {}".format(login, case["name"]),
        )
        assert (
            client.execute(MODEL, "search_read", [("id", "=", cid)], fields=["name"])
            == []
        )
        found = client.execute(MODEL, "name_search", case["name"])
        assert cid not in [f[0] for f in found], "{} finds {} by name_search".format(
            login,
            case["name"],
        )

        # Its messages: not found by a search, not readable by id.
        messages = client.execute(
            "mail.message",
            "search_read",
            [("model", "=", MODEL), ("res_id", "=", cid)],
            fields=["body"],
        )
        assert messages == [], "{} finds messages of {}: {!r}".format(
            login,
            case["name"],
            messages,
        )
        assert case["message_ids"]
        try:
            read = client.execute(
                "mail.message", "read", sorted(case["message_ids"]), fields=["body"]
            )
        except RpcError:
            read = []
        assert read == [], "{} reads messages of {} by id: {!r}".format(
            login,
            case["name"],
            read,
        )

        # Its attachments: not by JSON-RPC, not by /web/content.
        for attachment in case["attachments"]:
            aid = attachment["id"]
            assert_access_error(
                lambda aid=aid: client.execute(
                    "ir.attachment", "read", [aid], fields=["datas", "name"]
                ),
                "{} reads attachment {} of {}".format(
                    login, attachment["name"], case["name"]
                ),
            )
            found = client.execute(
                "ir.attachment", "search_read", [("id", "=", aid)], fields=["name"]
            )
            assert found == [], "{} finds attachment {}".format(
                login, attachment["name"]
            )
            response = session.get(
                f"{client.base_url}/web/content/{aid}?download=true",
                allow_redirects=False,
                timeout=30,
            )
            assert (
                response.status_code != 200
            ), "{} downloads attachment {} of {} over /web/content".format(
                login, attachment["name"], case["name"]
            )
            assert (
                not attachment["content"]
                or attachment["content"] not in response.content
            )


@pytest.mark.parametrize("login", WITH_CONFIDENTIAL)
def test_confidential_case_is_open_with_confidential_access(
    clients, truth, confidential_cases, login
):
    """The same calls succeed for those who may see the case: the test above is
    not vacuous."""
    client = clients[login]
    session = client.web_session()
    allowed = expected_case_ids(truth, login)
    cases = [c for c in confidential_cases if c["id"] in allowed]
    assert cases, f"{login} may see no confidential case"
    for case in cases:
        cid = case["id"]
        [record] = client.execute(
            MODEL, "read", [cid], fields=["name", "description", "is_confidential"]
        )
        assert (
            record["name"] == case["name"]
            and record["is_confidential"]
            and record["description"]
        )

        messages = client.execute(
            "mail.message",
            "search_read",
            [("model", "=", MODEL), ("res_id", "=", cid)],
            fields=["body"],
        )
        ids = {m["id"] for m in messages}
        assert ids <= case["message_ids"]
        assert any(
            NOTE_MARKER in (m["body"] or "") for m in messages
        ), "{} does not find the note on {}".format(login, case["name"])
        read = client.execute("mail.message", "read", sorted(ids), fields=["body"])
        assert {m["id"] for m in read} == ids

        for attachment in case["attachments"]:
            aid = attachment["id"]
            [data] = client.execute(
                "ir.attachment", "read", [aid], fields=["datas", "name"]
            )
            assert data["name"] == attachment["name"]
            assert base64.b64decode(data["datas"] or b"") == attachment["content"]
            response = session.get(
                f"{client.base_url}/web/content/{aid}?download=true",
                allow_redirects=False,
                timeout=30,
            )
            assert response.status_code == 200, (
                login,
                attachment["name"],
                response.status_code,
            )
            assert response.content == attachment["content"]
