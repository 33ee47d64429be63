"""A bare Flask app: the baseline that `bench/run.py` measures beside the portal.

It shows what this machine, gunicorn and the benchmark's own client manage
when Flask does almost nothing, so the portal's numbers can be read against it.
"""
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "<!doctype html><title>bare</title><p>Hello from a bare Flask app.</p>"
