from . import synpunkt_redirect_wizard
