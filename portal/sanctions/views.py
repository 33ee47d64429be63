from flask import Blueprint

from portal.sanctions import models  # noqa: F401  (tables for migrations)

bp = Blueprint("sanctions", __name__, url_prefix="/<lang:lang>/sanctions", template_folder="templates")
