"""One module of checks per question; importing this package registers them all."""

from . import ep01  # noqa: F401
