"""The layouts of the CPC and the bilan, read from resources/statements/<model>/<statement>.csv.

A layout says which accounts feed which line, so that the CNC's official lines can replace
the shipped ones without a change of code. Columns (UTF-8 CSV with a header):

- `code`: the line's code, unique in the file ("I1", "TA");
- `kind`: `heading` (a title, no amount), `line` (a sum of accounts) or `total` (a formula);
- `side`: for a `line`, `debit` (the amount is debits minus credits: charges, assets) or
  `credit` (credits minus debits: income, funds, debts);
- `accounts`: for a `line`, account-number prefixes separated by spaces. An account goes to
  the line with its **longest** matching prefix in the whole file, so "61" can catch what
  "611"…"619" leave, and no account is counted twice. Two tokens stand for amounts that are
  no account's balance: `@result`, the year's result (classes 6 and 7), and
  `@prior_result`, the results of earlier years not yet carried by an opening entry;
- `formula`: for a `total`, codes of lines above joined by `+` and `-` ("TI-TII");
- `label_ar`, `label_fr`: the line's labels.
"""

from __future__ import annotations

import csv
import enum
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from nassij_desktop import paths


class StatementModel(enum.StrEnum):
    """The CNC's three models for associations (avis n° 23, 2023), by size of the association."""

    NORMAL = "normal"
    SIMPLIFIED = "simplified"
    SUPER_SIMPLIFIED = "super_simplified"


class LayoutStatement(enum.StrEnum):
    CPC = "cpc"
    BILAN = "bilan"


class LineKind(enum.StrEnum):
    HEADING = "heading"
    LINE = "line"
    TOTAL = "total"


class Side(enum.StrEnum):
    DEBIT = "debit"
    CREDIT = "credit"


RESULT = "@result"
PRIOR_RESULT = "@prior_result"
TOKENS = frozenset({RESULT, PRIOR_RESULT})


@dataclass(frozen=True)
class LayoutLine:
    code: str
    kind: LineKind
    label_ar: str
    label_fr: str
    side: Side | None = None
    accounts: tuple[str, ...] = ()  # prefixes and tokens
    formula: tuple[tuple[int, str], ...] = ()  # (+1 or -1, code)


@dataclass(frozen=True)
class Layout:
    model: StatementModel
    statement: LayoutStatement
    lines: tuple[LayoutLine, ...]

    @functools.cached_property
    def prefixes(self) -> dict[str, str]:
        """Each account prefix → the code of the line it feeds."""
        return {
            prefix: line.code
            for line in self.lines
            for prefix in line.accounts
            if prefix not in TOKENS
        }

    def line_of(self, account: str) -> str | None:
        """The code of the line an account feeds: its longest prefix in the layout."""
        for length in range(len(account), 0, -1):
            code = self.prefixes.get(account[:length])
            if code is not None:
                return code
        return None

    def token_line(self, token: str) -> str | None:
        return next((line.code for line in self.lines if token in line.accounts), None)


class LayoutError(ValueError):
    """A layout file that cannot be used: said with the file and the line."""


_FORMULA = re.compile(r"\s*([+-]?)\s*([^+\-\s]+)")


def _formula(text: str) -> tuple[tuple[int, str], ...]:
    terms = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _FORMULA.match(text, position)
        if match is None:
            raise ValueError(text)
        terms.append((-1 if match.group(1) == "-" else 1, match.group(2)))
        position = match.end()
    return tuple(terms)


def parse_layout(path: Path, model: StatementModel, statement: LayoutStatement) -> Layout:
    lines: list[LayoutLine] = []
    codes: set[str] = set()
    with path.open(encoding="utf-8", newline="") as f:
        for number, row in enumerate(csv.DictReader(f), start=2):

            def fail(reason: str, number: int = number) -> LayoutError:
                return LayoutError(f"{path}, line {number}: {reason}")

            try:
                code = row["code"].strip()
                kind = LineKind(row["kind"].strip())
                side_text = (row.get("side") or "").strip()
                accounts = tuple((row.get("accounts") or "").split())
                formula = _formula(row.get("formula") or "")
                label_ar, label_fr = row["label_ar"].strip(), row["label_fr"].strip()
            except (KeyError, ValueError, AttributeError) as error:
                raise fail(f"unreadable row ({error})") from None
            if not code or code in codes:
                raise fail(f"the code {code!r} is empty or used twice")
            if kind is LineKind.LINE:
                if side_text not in {s.value for s in Side} or not accounts:
                    raise fail("a line needs a side (debit or credit) and accounts")
                bad = [a for a in accounts if a not in TOKENS and not a.isdigit()]
                if bad:
                    raise fail(f"not an account prefix: {' '.join(bad)}")
            if kind is LineKind.TOTAL:
                if not formula:
                    raise fail("a total needs a formula")
                unknown = [c for _sign, c in formula if c not in codes]
                if unknown:
                    raise fail(f"the formula names lines not above it: {' '.join(unknown)}")
            codes.add(code)
            lines.append(
                LayoutLine(
                    code=code,
                    kind=kind,
                    label_ar=label_ar,
                    label_fr=label_fr,
                    side=Side(side_text) if kind is LineKind.LINE else None,
                    accounts=accounts if kind is LineKind.LINE else (),
                    formula=formula if kind is LineKind.TOTAL else (),
                )
            )
    taken: dict[str, str] = {}
    for line in lines:
        for prefix in line.accounts:
            if prefix in taken:
                raise LayoutError(f"{path}: {prefix} feeds both {taken[prefix]} and {line.code}")
            taken[prefix] = line.code
    return Layout(model, statement, tuple(lines))


@functools.cache
def read_layout(
    model: StatementModel, statement: LayoutStatement, folder: Path | None = None
) -> Layout:
    """The layout of `statement` in `model`, from the shipped files unless `folder` is given."""
    folder = folder or paths.resource("statements")
    return parse_layout(folder / model.value / f"{statement.value}.csv", model, statement)
