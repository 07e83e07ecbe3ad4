"""The kanban board's first screen as the web client asks the server for it
(views/synpunkt_complaint_views.xml): the grouped read by stage with the
"Open" filter, the deadline progress bar, the first 80 cards of each unfolded
column with the card's fields (and those of the kanban_activity widget), and
the overdue count. Shared by tests/test_board_queries.py and
bench/bench_scale.py, so that the test and the benchmark load the same board.
"""

OPEN = [("is_closed", "=", False)]
CARD = {
    "is_confidential": {},
    "is_anonymous": {},
    "escalation_level": {},
    "provider_type": {},
    "deadline_state": {},
    "color": {},
    "name": {},
    "kind": {},
    "unit_name": {},
    "provider_id": {"fields": {"display_name": {}}},
    "category_id": {"fields": {"display_name": {}}},
    "redirect_reason": {},
    "activity_ids": {},
    "next_deadline": {},
    "user_id": {"fields": {"display_name": {}}},
    # fieldDependencies of the kanban_activity widget
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_type_id": {"fields": {"display_name": {}}},
}
PROGRESS_BAR = {
    "field": "deadline_state",
    "colors": {
        "on_time": "success",
        "due_soon": "warning",
        "overdue": "danger",
        "done": "200",
    },
}


def load_board(Complaint):
    """Run the board's server work as ``Complaint``'s user; return the number
    of cards loaded."""
    groups = Complaint.web_read_group(
        OPEN,
        ["escalation_level:sum", "color:sum"],
        ["stage_id"],
        lazy=True,
        orderby="",
    )["groups"]
    Complaint.read_progress_bar(OPEN, "stage_id", PROGRESS_BAR)
    cards = 0
    for group in groups:
        if group["stage_id_count"] and not group.get("__fold"):
            cards += len(
                Complaint.web_search_read(group["__domain"], CARD, limit=80)["records"]
            )
    Complaint.search_count(OPEN + [("deadline_state", "=", "overdue")])
    return cards
