"""The `kit` command: a thin shell over the library functions.

Exit codes: 0 done; 1 the kit has problems (nothing written); 2 command-line usage;
70 internal error; 73 cannot write outputs; 75 another build is writing to the same folder;
130 interrupted (Ctrl-C or SIGTERM; earlier outputs are unchanged). Heavy modules (WeasyPrint,
Pillow) are imported only by the commands that render.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
from pathlib import Path

import click

from kit import __version__
from kit.outputs import choices
from kit.terminal import printable

EXIT_PROBLEMS, EXIT_INTERNAL, EXIT_CANNOT_WRITE, EXIT_LOCKED, EXIT_INTERRUPTED = 1, 70, 73, 75, 130

OUTPUT_CHOICE = click.Choice(choices())
KIT_DIR = click.argument("kit_dir", default=".", type=click.Path(file_okay=False, path_type=Path))


def report_problems(problems, root: Path | None = None, nothing_written: bool = True, as_json: bool = False) -> None:
    """Problems on stderr with a summary line, or as JSON on stdout (and then nothing else there)."""
    import json

    from kit.errors import summary
    from kit.report import problem_data

    if as_json:
        click.echo(json.dumps({"ok": False, "written": not nothing_written,
                               "problems": [problem_data(p) for p in problems]}, ensure_ascii=False, indent=2))
        return
    show_problems(problems, root)
    click.echo(summary(problems, nothing_written), err=True)


def show_problems(problems, root: Path | None) -> None:
    """Each problem on stderr, in colour on a terminal; under GitHub Actions also as an annotation
    on the line it is about."""
    from kit.report import annotation, colour_wanted, in_github_actions, problem_text

    for problem in problems:
        click.echo(problem_text(problem, root), err=True, color=colour_wanted())
    if in_github_actions():
        for problem in problems:
            click.echo(annotation(problem, root))


QUIET = click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
VERBOSE = click.option("-v", "--verbose", is_flag=True, help="Also print a line for each output, and tables.")
AS_JSON = click.option("--json", "as_json", is_flag=True,
                       help="Print the result as JSON on stdout (problems with file, line, column and code).")


@contextlib.contextmanager
def sigterm_interrupts():
    """While a command runs, SIGTERM (`kill`, a CI timeout, a service stop) interrupts it as Ctrl-C
    does: temporary files are removed, earlier outputs stay as they were, and the exit code is 130.
    Without a handler Python would die at once and leave a .part file behind."""
    owner = os.getpid()

    def interrupt(signum, frame):
        if os.getpid() != owner:  # a forked render worker inherited the handler: end as SIGTERM asks
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (kit embedded in another program): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def handled(command):
    """Turn kit errors, interrupts and bugs into one-line messages and documented exit codes."""

    @functools.wraps(command)
    def wrapper(*args, debug: bool = False, **kwargs):
        root = kwargs.get("kit_dir")
        from kit.errors import KitError
        from kit.output import BuildLocked, CannotWrite

        try:
            with sigterm_interrupts():
                return command(*args, **kwargs)
        except KitError as exc:
            report_problems(exc.problems, root, as_json=kwargs.get("as_json", False))
            sys.exit(EXIT_PROBLEMS)
        except BuildLocked as exc:
            click.echo(printable(f"kit: {exc}"), err=True)
            sys.exit(EXIT_LOCKED)
        except CannotWrite as exc:
            click.echo(printable(f"kit: {exc}"), err=True)
            sys.exit(EXIT_CANNOT_WRITE)
        except KeyboardInterrupt:
            click.echo("kit: interrupted; earlier outputs are unchanged.", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence for bugs
            if debug:
                raise
            click.echo(f"kit: internal error: {type(exc).__name__}: {exc}. "
                       "Run the same command with --debug to see the traceback.", err=True)
            sys.exit(EXIT_INTERNAL)

    return click.option("--debug", is_flag=True, help="Show the Python traceback of an internal error.")(wrapper)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kit")
def cli():
    """Build teaching kits from plain YAML lesson units: handouts, teacher editions, slides,
    books and cards to print, and web, Word, PowerPoint, Moodle and Canvas files.

    A kit folder holds kit.yaml, units/*.yaml, assets/ and optionally templates/.
    Run `kit new DIR` to start one, `kit check` to validate it, `kit build` to make the outputs
    and `kit serve` to see them in the browser as you edit.
    """


@cli.command()
@KIT_DIR
@QUIET
@AS_JSON
@handled
def check(kit_dir: Path, quiet: bool, as_json: bool):
    """Validate the kit (every unit, reference, locator and quotation); render nothing."""
    import json

    from kit.checks import prerender_problems
    from kit.errors import KitError
    from kit.kitload import load_kit
    from kit.report import counted, problem_data

    kit = load_kit(kit_dir)
    problems = prerender_problems(kit)
    if any(p.severity == "error" for p in problems):
        raise KitError(problems)
    if as_json:
        click.echo(json.dumps({"ok": True, "units": len(kit.units), "problems": [problem_data(p) for p in problems]},
                              ensure_ascii=False, indent=2))
        return
    show_problems(problems, kit_dir)
    if not quiet:
        found = counted(len(problems), "warning") if problems else "no problems"
        click.echo(printable(f"{kit_dir}: {counted(len(kit.units), 'unit')}, {found} found."))


@cli.command("list")
@KIT_DIR
@click.option("--paper", type=click.Choice(["a4", "letter"]), help="Paper size (default: from kit.yaml).")
@AS_JSON
@handled
def list_command(kit_dir: Path, paper: str | None, as_json: bool):
    """List the units and the outputs a build would write."""
    import json

    from kit.kitload import load_kit
    from kit.plan import plan_outputs

    kit = load_kit(kit_dir)
    if as_json:
        units = [{"id": e.unit.id, "title": e.unit.title, "minutes": e.unit.minutes, "file": str(e.path)}
                 for e in kit.units]
        from kit.report import job_data

        outputs = [job_data(job) for job in plan_outputs(kit, out_dir=kit_dir / "build", paper=paper)]
        click.echo(json.dumps({"units": units, "outputs": outputs}, ensure_ascii=False, indent=2))
        return
    for entry in kit.units:
        unit = entry.unit
        click.echo(printable(f"{unit.id:<16} {unit.minutes:>4} min  {unit.title}  ({entry.path})"))
    click.echo("")
    jobs = plan_outputs(kit, out_dir=kit_dir / "build", paper=paper)
    width = max((len(job.kind) for job in jobs), default=0)
    for job in jobs:
        click.echo(printable(f"{job.kind:<{width}} {job.path}  ({job.output.description})"))


@cli.command()
@KIT_DIR
@handled
def dump(kit_dir: Path):
    """Print the validated kit as JSON, for scripts and other tools."""
    import json

    from kit.kitload import load_kit
    from kit.serialize import kit_to_data

    click.echo(json.dumps(kit_to_data(load_kit(kit_dir)), ensure_ascii=False, indent=2))


@cli.command()
@KIT_DIR
@click.option("--unit", "unit_ids", multiple=True, metavar="ID",
              help="Build only this unit (repeatable). Books are then built only if --output book is given.")
@click.option("--output", "outputs", multiple=True, type=OUTPUT_CHOICE,
              help="Build only these outputs (repeatable; default: the outputs in kit.yaml).")
@click.option("--paper", type=click.Choice(["a4", "letter"]), help="Paper size (default: from kit.yaml).")
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the PDFs (default: KIT_DIR/build).")
@click.option("--class-size", type=click.IntRange(1, 1000), default=None,
              help="Students in the class, for the print pack (default: class_size in kit.yaml).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None, metavar="N",
              help="Render with N worker processes (default: one per core).")
@click.option("--force", is_flag=True, help="Render every output, also those that are up to date.")
@click.option("--html", is_flag=True, help="Also write the HTML each PDF is rendered from, beside it (NAME.html; "
              "for a book or the cards, the HTML of each of its parts, one after another).")
@QUIET
@VERBOSE
@AS_JSON
@handled
def build(kit_dir: Path, unit_ids, outputs, paper, out_dir, class_size, jobs, force, html, quiet, verbose, as_json):
    """Build the outputs: handouts, teacher editions, slides and books (and, when kit.yaml or
    --output asks for them, Word documents and the questions for Moodle and Canvas).

    Only outputs whose inputs changed since the last build are rendered again (see --force). On a
    terminal one progress line is rewritten as outputs finish; the build ends with one line. A
    printed page less than a quarter full is reported as a warning (page-fill).
    """
    import json
    import time

    from kit.build import UnknownUnit, build as build_kit, default_out_dir, write_print_pack
    from kit.progress import Progress, summary_table
    from kit.report import build_line, output_data, problem_data

    started = time.perf_counter()
    stream = sys.stderr
    live = not (quiet or as_json) and (verbose or stream.isatty())
    progress = Progress(0, stream=stream) if live else None
    try:
        result = build_kit(kit_dir, out_dir, outputs=list(outputs) or None, unit_ids=set(unit_ids) or None,
                           paper=paper, jobs=jobs, force=force, html=html,
                           progress=(lambda job: progress.add()) if progress else None,
                           on_done=progress.done if progress else None)
    except UnknownUnit as exc:
        raise click.BadParameter(str(exc), param_hint="--unit") from None
    finally:
        if progress:
            progress.close()
    seconds = time.perf_counter() - started
    target = out_dir or default_out_dir(kit_dir)
    pack = write_print_pack(kit_dir, out_dir, result, class_size)
    if as_json:
        click.echo(json.dumps({"ok": True, "out_dir": str(target), "seconds": round(seconds, 3),
                               "outputs": [output_data(b, target) for b in result.built],
                               "removed": result.removed,
                               "warnings": [problem_data(w) for w in result.warnings]},
                              ensure_ascii=False, indent=2))
        return
    show_problems(result.warnings, kit_dir)
    if quiet:
        return
    if verbose:
        if pack is not None:
            click.echo(pack)
        click.echo(summary_table(result.built))
    click.echo(build_line(result.built, seconds, target, result.removed))


@cli.command()
@KIT_DIR
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the PNGs (default: KIT_DIR/build/preview).")
@click.option("--grayscale", is_flag=True, help="Proofs as a black-and-white copier would print them.")
@handled
def preview(kit_dir: Path, out_dir: Path | None, grayscale: bool):
    """Write PNG pages and a contact sheet of every PDF in the build folder, and report
    colour pairs in the stylesheets with too little contrast for a black-and-white copier."""
    from kit.preview import low_contrast_pairs, preview as make_previews
    from kit.templating import template_dirs

    build_dir = kit_dir / "build"
    pdfs = sorted(build_dir.glob("*.pdf"))
    if not pdfs:
        raise click.UsageError(f"no PDFs in {build_dir}: run `kit build {kit_dir}` first")
    out_dir = out_dir or build_dir / ("preview-gray" if grayscale else "preview")
    for pdf, pages, sheet in make_previews(pdfs, out_dir, grayscale):
        click.echo(printable(f"{pdf.name:<32} {pages:>3} pages  {sheet}"))
    seen = set()
    for folder in template_dirs(kit_dir):
        for css in sorted(folder.glob("*.css")):
            if css.name in seen:
                continue
            seen.add(css.name)
            for pair in low_contrast_pairs(css):
                click.echo(f"warning: {pair}", err=True)


@cli.command()
@KIT_DIR
@click.option("--unit", "unit_ids", multiple=True, metavar="ID", help="Build only this unit (repeatable).")
@click.option("--output", "outputs", multiple=True,
              type=OUTPUT_CHOICE,
              help="Build only these outputs (repeatable; default: the outputs in kit.yaml).")
@click.option("--paper", type=click.Choice(["a4", "letter"]), help="Paper size (default: from kit.yaml).")
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the PDFs (default: KIT_DIR/build).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None, metavar="N",
              help="Render with N worker processes (default: one per core).")
@click.option("--html", is_flag=True, help="Also write the HTML each PDF is rendered from, beside it.")
@click.option("--max-rebuilds", type=click.IntRange(0), default=None, metavar="N",
              help="Stop after N rebuilds (for scripts and tests; default: run until Ctrl-C).")
@handled
def watch(kit_dir: Path, unit_ids, outputs, paper, out_dir, jobs, html, max_rebuilds):
    """Build, then rebuild the outputs each saved change affects, until Ctrl-C.

    A save that breaks the kit prints the problems and keeps the last good PDFs.
    """
    from kit.watch import watch as run_watch

    run_watch(kit_dir, out_dir, max_rebuilds=max_rebuilds, echo=click.echo,
              err=lambda text: click.echo(printable(text), err=True),
              outputs=list(outputs) or None, unit_ids=set(unit_ids) or None, paper=paper, jobs=jobs, html=html)


@cli.command()
@KIT_DIR
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 to serve on (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the web browser.")
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the outputs (default: KIT_DIR/build).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None, metavar="N",
              help="Render with N worker processes (default: one per core).")
@click.option("--max-rebuilds", type=click.IntRange(0), default=None, metavar="N",
              help="Stop after N rebuilds (for scripts and tests; default: run until Ctrl-C).")
@handled
def serve(kit_dir: Path, port, open_browser, out_dir, jobs, max_rebuilds):
    """Build, watch and show every output on a page at http://127.0.0.1:PORT/ that updates itself
    after each save; a save that breaks the kit shows its problems there, above the last good pages.
    """
    from kit.serve import serve as run_serve

    try:
        run_serve(kit_dir, out_dir, port=port, open_browser=open_browser, jobs=jobs, max_rebuilds=max_rebuilds,
                  echo=click.echo, err=lambda text: click.echo(text, err=True))
    except OSError as exc:
        if exc.errno in (98, 48, 10048):  # address in use (Linux, macOS, Windows)
            raise click.UsageError(f"port {port} on 127.0.0.1 is in use; choose another with --port N "
                                   "(or --port 0 for any free port)") from None
        raise


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@handled
def new(directory: Path):
    """Start a new kit in DIRECTORY: a kit.yaml and one example unit that build as they are."""
    from kit.starter import create_starter

    create_starter(directory)
    click.echo(f"Created a kit in {directory}. Next: edit {directory}/units/01-first-unit.yaml, then run "
               f"`kit build {directory}`.")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "markdown"]), default="json", show_default=True,
              help="JSON Schema (for editors) or the Markdown format reference.")
@click.option("--kit-file", is_flag=True, help="The schema of kit.yaml instead of a unit file.")
def schema(fmt: str, kit_file: bool):
    """Print the unit format (or, with --kit-file, kit.yaml's) as JSON Schema or Markdown."""
    import json

    from kit import schema as declaration
    from kit.formatdoc import json_schema, markdown_reference

    if fmt == "markdown":
        click.echo(markdown_reference(), nl=False)
    else:
        top = declaration.Kit if kit_file else declaration.Unit
        click.echo(json.dumps(json_schema(top), ensure_ascii=False, indent=2))


def main(argv=None):
    cli.main(args=argv, prog_name="kit")
