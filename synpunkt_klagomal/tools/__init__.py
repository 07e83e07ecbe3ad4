from . import public_html
