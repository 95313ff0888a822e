"""Obligation pages (being built)."""

from django.http import Http404


def obligation_detail(request, pk=None):
    raise Http404


def record_progress(request, pk=None):
    raise Http404


def record_event(request, pk=None):
    raise Http404


def request_extension(request, pk=None):
    raise Http404


def review_update(request, pk=None):
    raise Http404


def decide_extension(request, pk=None):
    raise Http404


def evidence_download(request, pk=None):
    raise Http404
