from . import synpunkt_redirect_wizard
from . import synpunkt_summary_wizard
from . import synpunkt_person_extract_wizard
