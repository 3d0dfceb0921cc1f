"""docs/cli.md, written from the commands' own --help, so the reference cannot drift from the code.

`python -m defwatch.cli_reference > docs/cli.md` regenerates it; a test fails when it is stale.
"""

from __future__ import annotations

import click

from defwatch.cli import cli

HEADER = """# Command-line reference

Generated from `defwatch --help` by `make docs` (`python -m defwatch.cli_reference`); do not edit
by hand. A test fails when this file and the commands disagree.
"""


def _walk(command: click.Command, path: list[str]) -> list[tuple[list[str], click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            found.extend(_walk(command.commands[name], [*path, name]))
    return found


def _help_text(path: list[str]) -> str:
    """The text `--help` prints, from a context built as the command line would build it."""
    ctx = cli.make_context(path[0], [], resilient_parsing=True, terminal_width=100, max_content_width=100)
    for name in path[1:]:
        command = ctx.command.commands[name]  # type: ignore[attr-defined]
        ctx = command.make_context(name, [], parent=ctx, resilient_parsing=True)
    return ctx.get_help().rstrip()


def render() -> str:
    """Every command and subcommand, in order, with its usage, options and help."""
    sections = [HEADER]
    for path, _command in _walk(cli, ["defwatch"]):
        sections.append(f"## `{' '.join(path)}`\n\n```text\n{_help_text(path)}\n```\n")
    return "\n".join(sections)


if __name__ == "__main__":
    print(render(), end="")
