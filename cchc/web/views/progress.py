"""Plan progress (being built)."""

from django.http import Http404


def plan_progress(request, pk=None):
    raise Http404


def export_progress(request, pk=None):
    raise Http404


def export_ranking(request, pk=None):
    raise Http404
