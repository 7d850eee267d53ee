"""Click parameter types shared by the commands."""

from __future__ import annotations

from datetime import date
from typing import Any

import click


class DateParam(click.ParamType):  # type: ignore[type-arg]
    """An ISO date (YYYY-MM-DD) that exists in the calendar."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a real date in the form YYYY-MM-DD", param, ctx)


DATE = DateParam()
