"""The web server's entry point (gunicorn with Uvicorn workers: `gunicorn cms.asgi:application -k
uvicorn_worker.UvicornWorker`).

A small path router. Live streams (`LIVE_PREFIX`, server-sent events held open for minutes) go to Django's
ASGI handler, where an async view waits on the channel layer without holding a thread. Every other URL goes to
the usual WSGI application through a2wsgi, in a pool of `WEB_THREADS` threads: the site is synchronous Django,
and under Django's ASGI handler each sync view would queue on asgiref's single thread-sensitive executor
instead of running in parallel as it does under gunicorn's threads.

It also answers the ASGI lifespan (Django's handler does not) and notes the server's event loop there, so
sync code can publish live events onto it (cms/live.py).
"""

import os

from a2wsgi import WSGIMiddleware
from django.core.asgi import get_asgi_application
from django.core.wsgi import get_wsgi_application

from cms import live

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

LIVE_PREFIX = "/truc-tiep/"

django_asgi = get_asgi_application()
django_wsgi = WSGIMiddleware(get_wsgi_application(), workers=int(os.environ.get("WEB_THREADS", "32")))


async def lifespan(receive, send):
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            live.remember_loop()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def application(scope, receive, send):
    if scope["type"] == "lifespan":
        await lifespan(receive, send)
        return
    live.remember_loop()  # also when the server runs without lifespan events
    if scope["type"] == "http" and scope["path"].startswith(LIVE_PREFIX):
        await django_asgi(scope, receive, send)
    elif scope["type"] == "http":
        await django_wsgi(scope, receive, send)
    else:  # no WebSockets here
        await receive()
        await send({"type": "websocket.close", "code": 1003})
