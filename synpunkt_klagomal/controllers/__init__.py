from . import web_form
from . import report
