"""Help that reads as a person writes a command line: ``dedup scan [OPTIONS] PATH``, ``--rows N``,
``[default: 50; at least 1]``.

typer lays out a command's help with its own placeholders: ``{PATH}`` in the usage line, ``PATH <str>`` in
the list of arguments, ``<int range>``, ``<float range>``, ``<path>`` and ``<str>`` for an option's value, and
``x>=1`` or ``0.1<=x<=86400.0`` for its range; and they change from one typer release to the next. The
command classes here lay out the same help from the parameters' own settings (their names, metavars,
defaults and bounds), in click's plain layout: what typer parses and checks is untouched.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand, TyperGroup

#: The word for an option's value, by the option's parameter name, where the option gives none of its own
#: (a metavar): what the value is, not its type.
VALUE_WORDS = {"host": "ADDRESS", "port": "PORT", "older_than": "AGE", "passages": "SETTING"}
#: The word for a value by its Python type, when neither the option nor :data:`VALUE_WORDS` names it.
TYPE_WORDS = {int: "N", float: "NUMBER"}


def _usage(command: Any, ctx: Any) -> list[str]:
    pieces = usage_pieces(command, ctx)
    if isinstance(command, TyperGroup):
        pieces.append(command.subcommand_metavar)
    return pieces


def _refused(exc: Exception, ctx: Any, args: list[str]) -> None:
    """A usage error of the parser's said again in dedup's words (:mod:`dedup.cli.usage`), one line and exit
    code 2; the help shown for a group given no command, and any other error, go on as they were."""
    names = {kind.__name__ for kind in type(exc).__mro__}
    if "UsageError" in names and "NoArgsIsHelpError" not in names:
        from dedup.cli.usage import refuse

        refuse(exc, ctx, args)


def _options(command: Any, ctx: Any, formatter: Any) -> None:
    arguments, options = help_rows(command, ctx)
    for title, rows in (("Arguments", arguments), ("Options", options)):
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)
    if isinstance(command, TyperGroup):
        command.format_commands(ctx, formatter)


def _parsed(parse: Any, ctx: Any, args: list[str]) -> list[str]:
    """``parse(ctx, args)`` (a command's or a group's parser), what it refuses said in dedup's words
    (:func:`_refused`)."""
    given = list(args)  # the parser takes its tokens off the list it is given
    try:
        return parse(ctx, args)  # type: ignore[no-any-return]
    except Exception as exc:
        _refused(exc, ctx, given)
        raise


class PlainCommand(TyperCommand):
    """A typer command whose usage line and lists of arguments and options read as :func:`usage_pieces` and
    :func:`help_rows` write them. No state of its own (``__slots__``), and typer's class as its first base:
    a command typer made is made plain by taking this class, which its layout must allow."""

    __slots__ = ()
    collect_usage_pieces = _usage
    format_options = _options

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return _parsed(super().parse_args, ctx, args)


class PlainGroup(TyperGroup):
    """A typer group whose help, and every subcommand's and subgroup's, reads as :class:`PlainCommand`'s.

    Given as the app's ``cls``: its subcommands are made before it (typer builds the tree from the leaves),
    so it makes each of them plain as it is made; a command added to any part of the app, by whichever
    module, gets the same help without a word of its own."""

    __slots__ = ()
    collect_usage_pieces = _usage
    format_options = _options

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain(self)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return _parsed(super().parse_args, ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        given = list(args)
        try:
            return super().resolve_command(ctx, args)
        except Exception as exc:
            _refused(exc, ctx, given)
            raise


def plain(group: Any) -> None:
    """Make every command under ``group`` (subgroups too) lay out its help as :class:`PlainCommand` does. The
    classes are typer's own with the layout mixed in: their parsing, checks and callbacks stay typer's. A
    command of a class of its own (``cls=``) keeps it, and its own help."""
    for command in getattr(group, "commands", {}).values():
        if type(command) is TyperGroup:
            command.__class__ = PlainGroup
        elif type(command) is TyperCommand:
            command.__class__ = PlainCommand
        if isinstance(command, PlainGroup):
            plain(command)


def usage_pieces(command: Any, ctx: Any) -> list[str]:
    """``[OPTIONS]`` and the arguments by name, as ``dedup scan [OPTIONS] PATH`` writes them (an optional
    one in brackets): typer wrote ``{PATH}``."""
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            name = argument_name(param)
            pieces.append(name if param.required else f"[{name}]")
    return pieces


def argument_name(param: Any) -> str:
    """An argument's name as help writes it: its metavar, else its name in capitals."""
    return param.metavar or param.name.upper()


def help_rows(command: Any, ctx: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The rows of the arguments' and the options' lists: (``PATH``, its help) and (``--rows N``, its help
    with ``[default: 50; at least 1]``). A required argument is not marked so: a command line without it is
    refused with its name."""
    arguments, options = [], []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "argument":
            arguments.append((argument_name(param), _with_notes(param.help or "", _notes(param, ctx))))
        elif param.param_type_name == "option":
            options.append((option_names(param), _with_notes(param.help or "", _notes(param, ctx))))
    return arguments, options


def option_names(param: Any) -> str:
    """``-q, --quiet`` for a flag, ``--rows N`` for an option that takes a value."""
    def joined(opts: list[str]) -> str:
        names = ", ".join(sorted(opts, key=lambda o: len(o) - len(o.lstrip("-"))))  # -q before --quiet
        return names if param.is_flag or param.count else f"{names} {value_word(param)}"

    return " / ".join(joined(opts) for opts in (param.opts, param.secondary_opts) if opts)


def value_word(param: Any) -> str:
    """What an option's value is: its metavar, the word :data:`VALUE_WORDS` gives its name, or the word for
    its type (``N`` for a whole number), else ``TEXT``."""
    if param.metavar:
        return str(param.metavar)
    if param.name in VALUE_WORDS:
        return VALUE_WORDS[param.name]
    kind = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if kind not in TYPE_WORDS:
        kind = {"integer": int, "float": float}.get(getattr(getattr(param, "type", None), "name", ""), kind)
    return TYPE_WORDS.get(kind, "TEXT")  # type: ignore[arg-type]


def _notes(param: Any, ctx: Any) -> list[str]:
    """The bracketed notes after a parameter's help: its default and its range, in words."""
    notes = []
    default = _default(param, ctx)
    if default:
        notes.append(f"default: {default}")
    bounds = range_words(_bound(param, "min"), _bound(param, "max"))
    if bounds:
        notes.append(bounds)
    if param.required and param.param_type_name == "option":
        notes.append("required")
    return notes


def _with_notes(text: str, notes: list[str]) -> str:
    return f"{text}  [{'; '.join(notes)}]" if notes and text else f"[{'; '.join(notes)}]" if notes else text


def _default(param: Any, ctx: Any) -> str:
    """A default as the help shows it: the words an option gives (``show_default="20 for a new index"``,
    which typer wrapped in parentheses), or its value; none for a flag or a value left unset."""
    show = getattr(param, "show_default", None)
    if isinstance(show, str):
        return show
    if param.param_type_name == "argument" and param.required:
        return ""
    if getattr(param, "is_flag", False) or show is False or (show is None and not ctx.show_default):
        return ""
    value = param.default
    if value is None or callable(value) or isinstance(value, bool):
        return ""
    return number(value) if isinstance(value, (int, float)) else str(value)


def _bound(param: Any, end: str) -> Any:
    """The parameter's lower or upper bound: typer keeps them on the parameter, click on its type."""
    value = getattr(param, end, None)
    return value if value is not None else getattr(getattr(param, "type", None), end, None)


def range_words(low: Any, high: Any) -> str:
    """A range as a person writes it, not typer's ``1<=x<=256``.

    >>> range_words(1, None), range_words(0.1, 86400.0), range_words(None, 5), range_words(None, None)
    ('at least 1', 'from 0.1 to 86400', 'at most 5', '')
    """
    if low is not None and high is not None:
        return f"from {number(low)} to {number(high)}"
    if low is not None:
        return f"at least {number(low)}"
    return f"at most {number(high)}" if high is not None else ""


def number(value: int | float) -> str:
    """``10`` for 10.0, ``0.1`` as it is: a float's default or bound read as a person writes it."""
    return f"{value:g}" if isinstance(value, float) else str(value)
