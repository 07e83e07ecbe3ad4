from . import test_access_matrix
from . import test_complaint
from . import test_confidential_doors
from . import test_deadlines
from . import test_escalation
from . import test_web_form
from . import test_mail
from . import test_outside_users
