"""The options several commands share: ``--no-align``, ``--min-confidence``, ``--passages``, and the bound
of every whole-number option, each checked as the command line is read."""

from __future__ import annotations

from typing import Optional

import typer

NO_ALIGN = typer.Option(False, "--no-align", help="Skip sentence alignment (faster; pairs are judged by the "
                         "model fitted on pairs without their alignment, with its own operating point, and reports "
                         "carry no linked sentences).")


def shipped_bars() -> str:
    """The shipped model's operating points as ``--min-confidence``'s help gives them (from the model the
    commands judge with, loaded once: the help follows a retrained model)."""
    from dedup.decision import verdict_model

    try:
        return f"{verdict_model(True).min_confidence:.2f}; {verdict_model(False).min_confidence:.2f} with --no-align"
    except (OSError, ValueError, KeyError, TypeError):  # the command that loads it says what is wrong
        return "see the model file"


#: The largest whole number an option takes (a signed 64-bit integer, what SQLite and numpy store): --rows or
#: --max-bucket of 99999999999999999999 was taken, and --min-words of it skipped every article as too short.
LARGEST = 2**63 - 1


def at_most_largest(value: Optional[int]) -> Optional[int]:
    """An integer option's upper bound, :data:`LARGEST`, checked by the option's callback rather than given
    as its ``max``: typer prints a ``max`` in the help (``[1<=x<=9223372036854775807]``), where a person
    writes "at least 1". Refused as any value out of range is (:mod:`dedup.cli.usage`): "--rows
    99999999999999999999: give a whole number from 1 to 9,223,372,036,854,775,807", exit code 2."""
    if value is not None and value > LARGEST:
        raise typer.BadParameter(f"Input should be less than or equal to {LARGEST}")
    return value


MIN_CONFIDENCE = typer.Option(
    None, "--min-confidence", min=0.0, max=1.0,
    help="Report a pair from this confidence on (the calibrated probability that one text was taken from the "
         f"other). Default: the shipped model's operating point ({shipped_bars()}), chosen on validation pairs "
         "for a precision of 0.98; higher is surer (on Reuters wire copy read by hand, nearly every pair from "
         "0.95 was real reuse).")


def passage_setting(value: Optional[str]) -> Optional[str]:
    """``--passages``' value checked as the command line is read: a name it does not know refused with the
    option's name and the settings it takes (it said "unknown passage setting 'dense'", naming no option)."""
    from dedup.channels import PASSAGE_SETTINGS
    from dedup.cli.usage import OwnWords

    if value is not None and value not in PASSAGE_SETTINGS:
        raise OwnWords(f"no such setting; give one of {', '.join(PASSAGE_SETTINGS)}")
    return value


PASSAGES = typer.Option(
    None, "--passages", metavar="SETTING", callback=passage_setting,
    help="Passage windows: default (denser in documents of 500 content words or more), thorough (denser in "
         "every document: more candidates, a slower candidate stage), or sparse (as dense in every document as "
         "in a short one; the default before 2026-12-03). See docs/method.md.")
