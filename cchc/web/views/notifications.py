"""Notifications (being built)."""

from django.http import Http404


def notification_list(request, pk=None):
    raise Http404


def mark_read(request, pk=None):
    raise Http404
