"""Task page (being built)."""

from django.http import Http404


def task_detail(request, pk=None):
    raise Http404
