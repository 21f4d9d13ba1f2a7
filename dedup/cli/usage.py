"""A wrong command line refused in dedup's words: one ``Error:`` line, exit code 2, naming the argument or
option and what it takes.

typer refused one with its usage line, a hint and its parser's words: "Invalid value for '--rows': Input
should be greater than or equal to 1" beside a help that says "at least 1", "Missing argument 'PATH'." with
no word of what PATH is, "Got unexpected extra argument(s) (b.txt)". The command classes of
:mod:`dedup.cli.helptext` hand what the parser refused to :func:`refuse`, which says it again from the
parameter's own settings (its name, its value's word, its type and bounds, its help): what typer parses and
checks is untouched, only the words change.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, NoReturn, Sequence

import typer

from dedup.cli.helptext import argument_name, option_names, range_words, usage_pieces, value_word

__all__ = ["OwnWords", "refuse", "usage_message", "takes"]

#: The largest whole number an option takes (a signed 64-bit integer): :func:`dedup.cli.options.at_most_largest`.
LARGEST = 2**63 - 1


class OwnWords(typer.BadParameter):
    """A check of an option's value (its callback's) that already says, in dedup's words, what was wrong
    with it: the line is the option, its value and these words."""


def refuse(exc: Exception, ctx: Any, args: Sequence[str]) -> NoReturn:
    """End the command with :func:`usage_message`'s line and exit code 2 (the one way every error line is
    written: :func:`dedup.cli.failures.fail`)."""
    from dedup.cli.failures import fail

    fail(usage_message(exc, ctx, args), 2)
    raise AssertionError("fail() returns only by raising")  # pragma: no cover


def usage_message(exc: Exception, ctx: Any, args: Sequence[str]) -> str:
    """What the parser refused (``exc``, one of click's usage errors, met while ``ctx``'s command read
    ``args``), said in one line.

    Each kind by its class's name, so that the click typer carries (``typer._click``) and click itself
    read alike."""
    kind = type(exc).__name__
    command = ctx.command_path if ctx is not None else "dedup"
    param = getattr(exc, "param", None)
    if kind == "MissingParameter" and param is not None:
        return _missing(param, ctx, command)
    if kind == "NoSuchOption":
        return _no_such_option(str(getattr(exc, "option_name", "")), getattr(exc, "possibilities", None), command)
    if kind == "BadOptionUsage":
        return _bad_option_usage(exc, ctx)
    if kind in ("BadParameter", "OwnWords") and param is not None:
        return _bad_value(param, exc, args)
    text = str(getattr(exc, "message", "") or exc)
    if text.startswith("Got unexpected extra argument"):
        return _extra_arguments(text, ctx, command, args)
    wanted = re.match(r"No such command '(.*?)'\.", text)
    if wanted:
        return _no_such_command(wanted.group(1), ctx, command)
    return f"{text.rstrip('.')} ({command} -h for help)"


def takes(param: Any, given: str | None = None) -> str:
    """What an option's value must be, as a person says it: "a whole number, at least 1", "a number from 0 to
    1", "one of local, dask"; a whole number past :data:`LARGEST` is told that bound too."""
    low, high = _bound(param, "min"), _bound(param, "max")
    kind = _kind(param)
    if kind == "whole" and high is None and _past_largest(given):
        high = LARGEST
    bounds = range_words(low, high)
    if high == LARGEST:
        bounds = bounds.replace(str(LARGEST), f"{LARGEST:,}")
    what = {"whole": "a whole number", "number": "a number"}.get(kind)
    if what is None:
        choices = getattr(getattr(param, "type", None), "choices", None)
        what = f"one of {', '.join(map(str, choices))}" if choices else _first_sentence(param.help) or value_word(param)
    if not bounds:
        return what
    return f"{what} {bounds}" if bounds.startswith("from") else f"{what}, {bounds}"


def _missing(param: Any, ctx: Any, command: str) -> str:
    """A required argument or option not given: what it is, and the usage line it belongs in."""
    if param.param_type_name == "argument":
        usage = " ".join([command, *usage_pieces(ctx.command, ctx)])
        return f"{command} needs {argument_name(param)} ({_first_sentence(param.help)}); usage: {usage}"
    return f"{command} needs {option_names(param)}: {_first_sentence(param.help)}"


def _no_such_option(name: str, possibilities: Any, command: str) -> str:
    """An option the command does not have, and the ones it may have meant (the parser's guesses)."""
    guesses = sorted(possibilities or ())
    meant = f"; did you mean {' or '.join(guesses)}?" if guesses else ""
    return f"{command} has no option {name}{meant} ({command} -h lists its options)"


def _bad_option_usage(exc: Any, ctx: Any) -> str:
    """An option given without its value, or a flag given one (``--quiet=3``)."""
    name = str(getattr(exc, "option_name", "") or "")
    param = _param_named(ctx, name)
    text = str(getattr(exc, "message", "") or exc)
    if "does not take a value" in text or (param is not None and getattr(param, "is_flag", False)):
        return f"{name} takes no value: it is a switch, given alone ({name}, not {name}=...)"
    if param is None:
        return f"{name}: {text.rstrip('.')}"
    return f"{name} needs a value ({value_word(param)}): {takes(param)}"


def _bad_value(param: Any, exc: Exception, args: Sequence[str]) -> str:
    """A value the option (or argument) does not take: the value given, and what it takes."""
    name = _shown_name(param)
    given = _given(param, args)
    shown = f"{name} {given!r}" if given is not None and not given.lstrip("-").replace(".", "", 1).isdigit() else \
        f"{name} {given}" if given is not None else name
    if isinstance(exc, OwnWords):
        return f"{shown}: {exc.message}"
    return f"{shown}: give {takes(param, given)}"


def _extra_arguments(text: str, ctx: Any, command: str, args: Sequence[str] = ()) -> str:
    """More arguments than the command takes; when the first left over follows a switch, that the switch takes
    no value (``compare a b --json out.json``: a scan's ``--json`` takes a file, compare's is a switch)."""
    extra = re.search(r"\(([^()]*)\)\s*$", text)
    left = extra.group(1) if extra else ""
    names = [argument_name(p) for p in ctx.command.get_params(ctx) if p.param_type_name == "argument"]
    wanted = " and ".join(names) if names else "no argument"
    usage = " ".join([command, *usage_pieces(ctx.command, ctx)])
    first = left.split()[0] if left.split() else ""
    before = [args[k - 1] for k in range(1, len(args)) if args[k] == first.strip("'\"")]
    switch = _param_named(ctx, before[-1]) if before else None  # the last: a left over comes after
    if switch is not None and getattr(switch, "is_flag", False):
        printed = "; it prints on standard output: '> FILE' writes a file" if before[-1] == "--json" else ""
        return (f"{before[-1]} takes no value: it is a switch, given alone{printed}; left over: {left} "
                f"(usage: {usage})")
    return (f"{command} takes {wanted} only; left over: {left} (usage: {usage}; a path that holds a space "
            "is given in quotes)" if left else
            f"{command} takes {wanted} only (usage: {usage})")


def _no_such_command(name: str, ctx: Any, command: str) -> str:
    """A command the group does not have, the nearest of its commands, and all of them."""
    group = ctx.command
    commands = list(group.list_commands(ctx)) if hasattr(group, "list_commands") else []
    near = difflib.get_close_matches(name, commands, n=1)
    meant = f" (did you mean {near[0]}?)" if near else ""
    listed = f"; its commands: {', '.join(commands)}" if commands else ""
    return f"{command} has no command {name!r}{meant}{listed} ({command} -h)"


def _first_sentence(text: str | None) -> str:
    """The help's first sentence, its first letter in lower case when it opens a plain word ("Folder ..."
    becomes "folder ...", "SQLite" stays)."""
    text = " ".join((text or "").split())
    cut = re.search(r"(?<=[a-z)])\.(?:\s|$)", text)
    first = text[:cut.start()] if cut else text.rstrip(".")
    if len(first) > 1 and first[0].isupper() and first[1].islower():
        first = first[0].lower() + first[1:]
    return first


def _shown_name(param: Any) -> str:
    """An option by its longest name (``--rows``), an argument by its name (``PATH``)."""
    if param.param_type_name == "argument":
        return argument_name(param)
    return max(param.opts, key=len)


def _given(param: Any, args: Sequence[str]) -> str | None:
    """The value given to ``param`` on the command line (its last), if it can be found there."""
    found = None
    opts = tuple(getattr(param, "opts", ()))
    for k, token in enumerate(args):
        if token == "--":
            break
        if token in opts and k + 1 < len(args):
            found = args[k + 1]
        for opt in opts:
            if opt.startswith("--") and token.startswith(opt + "="):
                found = token[len(opt) + 1:]
    return found


def _param_named(ctx: Any, name: str) -> Any:
    for param in ctx.command.get_params(ctx) if ctx is not None else ():
        if name in getattr(param, "opts", ()) or name in getattr(param, "secondary_opts", ()):
            return param
    return None


def _kind(param: Any) -> str:
    """``whole``, ``number`` or ``other``: the kind of value, by the parameter's annotation or type."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    name = getattr(getattr(param, "type", None), "name", "")
    if annotation is int or name == "integer":
        return "whole"
    if annotation is float or name == "float":
        return "number"
    return "other"


def _bound(param: Any, end: str) -> Any:
    value = getattr(param, end, None)
    return value if value is not None else getattr(getattr(param, "type", None), end, None)


def _past_largest(given: str | None) -> bool:
    try:
        return given is not None and int(given) > LARGEST
    except ValueError:
        return False

