from . import synpunkt_complaint_report
from . import synpunkt_person_extract_report
