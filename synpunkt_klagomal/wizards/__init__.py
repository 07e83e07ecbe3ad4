from . import synpunkt_redirect_wizard
from . import synpunkt_summary_wizard
