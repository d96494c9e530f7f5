"""One module of checks per question; importing this package registers them all."""

from . import ep01, ep02, ep03, ep04, ep05, ep06, ep07, ep08, ep09, ep10, fashion_mnist  # noqa: F401,E501
