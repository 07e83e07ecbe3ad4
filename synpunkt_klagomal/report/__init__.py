from . import synpunkt_complaint_report
