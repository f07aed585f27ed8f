"""The web fixtures (a built database, the app, accounts, cheap password hashes) for the hostile suite."""
from tests.web.conftest import accounts, app, cheap_hashes, client, db_path  # noqa: F401
