from flask import Blueprint

from portal.duediligence import models  # noqa: F401  (tables for migrations)

bp = Blueprint("duediligence", __name__, url_prefix="/<lang:lang>/due-diligence", template_folder="templates")
