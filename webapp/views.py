"""The managers' app at ``/app/`` (one page; the browser routes within it) and where ``/`` leads."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import ensure_csrf_cookie

from webapp.assets import app_entry


def home(request):
    """Staff to the admin, everyone else to their accounts."""
    if request.user.is_authenticated and request.user.is_staff:
        return redirect("admin:index")
    return redirect("webapp:app")


@login_required
@ensure_csrf_cookie  # the app sends it back as X-CSRFToken on every write
def app(request, path: str = ""):
    return render(request, "webapp/index.html", {"entry": app_entry()})
