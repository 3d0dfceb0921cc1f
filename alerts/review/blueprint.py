"""The one blueprint every review page hangs on (``review.*`` endpoints), shared by the page modules."""

from flask import Blueprint

bp = Blueprint("review", __name__)
