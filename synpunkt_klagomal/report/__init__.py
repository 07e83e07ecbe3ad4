from . import synpunkt_complaint_report
from . import synpunkt_report
from . import synpunkt_summary_report
from . import synpunkt_register_report
from . import synpunkt_person_extract_report
from . import synpunkt_redacted_report
from . import synpunkt_answer_letter_report
from . import synpunkt_paper_form_report
