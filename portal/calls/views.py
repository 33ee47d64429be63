from flask import Blueprint

from portal.calls import models  # noqa: F401  (tables for migrations)

bp = Blueprint("calls", __name__, url_prefix="/<lang:lang>/calls", template_folder="templates")
