"""WSGI entry point (gunicorn config.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Import every view, serializer and form now rather than on a worker's first request, then take
# what loading made (~150,000 objects that live as long as the worker) out of the collector's
# generations: a full collection over them paused a worker 130-150 ms on the benchmark VM.
get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf
gc.freeze()
