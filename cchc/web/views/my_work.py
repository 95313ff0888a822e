"""My work (being built)."""

from django.http import Http404


def my_work(request, pk=None):
    raise Http404


def export_my_work(request, pk=None):
    raise Http404
