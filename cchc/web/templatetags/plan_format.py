"""Filters of the plan pages: numbers and targets the Vietnamese way (`≥ 98 %`, `98,5 %`)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from cchc.plans.models import Target

register = template.Library()


@register.filter
def plain_number(value: object) -> str:
    """A number in the active language, with only the decimals it has: 98.5000 → `98,5`,
    100.0000 → `100` (|floatformat with the needed number of places, so it is localised)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    places = max(0, -number.normalize().as_tuple().exponent) if number != number.to_integral_value() else 0
    return floatformat(number, f"{places}g" if places else "0g")


_OP_SIGNS = {Target.Op.GE: "≥", Target.Op.GT: ">", Target.Op.LE: "≤", Target.Op.LT: "<", Target.Op.EQ: "="}


@register.filter
def target_figure(target: Target) -> str:
    """`≥ 98 %`, `= 100 %`, `increase by 10 % (vs 2021)`, `15 models` …; empty without a value."""
    if target.value is None:
        return ""
    figure = plain_number(target.value)
    if target.unit_label:
        figure = f"{figure} {target.unit_label}"
    if target.op in _OP_SIGNS:
        return f"{_OP_SIGNS[target.op]} {figure}"
    if target.op in (Target.Op.INCREASE, Target.Op.DECREASE):
        change = target.get_op_display()
        if target.base_year:
            # Translators: "increase by 10 % (compared with 2021)"; change is "increase by" or
            # "decrease by", figure is "10 %".
            return _("%(change)s %(figure)s (compared with %(year)s)") % {
                "change": change,
                "figure": figure,
                "year": target.base_year,
            }
        return f"{change} {figure}"
    return figure


@register.filter
def percentage(value: object) -> str:
    """A per-cent figure with a space before the sign: 98.5 → `98,5 %`, 100 → `100 %`;
    empty for None (a share of nothing)."""
    if value is None or value == "":
        return ""
    return f"{plain_number(value)} %"
