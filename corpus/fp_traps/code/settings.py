"""Runtime settings. Every secret comes from the environment or the secrets manager."""
import os
from pathlib import Path

from .vault import read_secret

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.getenv("DEBUG", "false").lower() == "true"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.getenv("DB_NAME", "app"),
        "USER": os.getenv("DB_USER", "app"),
        "PASSWORD": os.environ.get("DB_PASSWORD"),
        "HOST": os.getenv("DB_HOST", "localhost"),
    }
}

STRIPE_API_KEY = read_secret("stripe/api-key")
api_token = os.environ.get("ACME_API_TOKEN", "")
client_secret = settings_from_vault()["client_secret"]
password = getpass.getpass("Password: ")
token: str | None = None
access_key: Optional[str] = None
db_password = config.get("database", "password")
AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
