"""A kit's templates render in a sandbox: a hostile template cannot run code, read a file from
outside the kit, hang the build or crash it. Each attempt ends as one problem located at the
template file and line, with exit 1, no traceback, no command run, and quickly."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner

import kit.templating
from kit.build import build
from kit.cli import cli
from kit.errors import KitError
from kit.templating import DEFAULT_TEMPLATES, KitEnvironment, environment, render_html_template

HEAD = '{% extends "default/handout.html" %}\n{% block body %}\n'   # the payload goes on line 3
TAIL = "\n{{ super() }}\n{% endblock %}\n"
QUICK = 20  # seconds; every refusal below takes well under one


def hostile(canary: Path) -> dict[str, tuple[str, int, str]]:
    """name -> (the payload put on line 3 of templates/handout.html, the line the problem names,
    a fragment of its message)."""
    shell = f"touch {canary}"
    return {
        "cycler-globals": (f"{{{{ cycler.__init__.__globals__.os.popen('{shell}').read() }}}}", 3,
                           "tried to reach '__init__'"),
        "attr-filter": (f"{{{{ (cycler|attr('__init__')|attr('__globals__'))['os'].popen('{shell}').read() }}}}", 3,
                        "tried to reach '__init__'"),
        "mro": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", 3, "tried to reach '__class__'"),
        "subscript-dunder": ("{{ cycler['__init__'] }}", 3, "tried to reach '__init__'"),
        "format-dunder": ("{{ '{0.__class__}'.format(cycler) }}", 3, "tried to reach '__class__'"),
        "huge-range": ("{{ range(10**12)|list }}", 3, "range() of 1,000,000,000,000 numbers"),
        "ranges-in-a-loop": ("{% for i in range(100000) %}\n{% for j in range(100000) %}{% endfor %}{% endfor %}", 4,
                             "more than 100,000 numbers together"),
        "huge-output": ("{% for i in range(300) %}{% for j in range(300) %}\n{{ 'y' * 1000 }}{% endfor %}{% endfor %}",
                        4, "the page is more than 20,000,000 characters"),
        "string-repeat": ("{{ 'x' * 10**9 }}", 3, "repeating a text 1,000,000,000 times"),
        "list-repeat": ("{{ [0] * 10**9 }}", 3, "repeating a list 1,000,000,000 times"),
        "power": ("{{ 7 ** (10 ** 7) }}", 3, "raising to the power 10,000,000"),
        "recursive-macro": ("{% macro down(n) %}\n{{ down(n + 1) }}\n{% endmacro %}{{ down(0) }}", 4,
                            "calls itself without end"),
        "doubling-macro": ("{% macro twice(s) %}\n{{ twice(s ~ s) }}{% endmacro %}{{ twice('x') }}", 4,
                           "more than the limit of 5,000,000 for one value"),
        "doubling-namespace": ("{% set ns = namespace(s='x') %}{% for i in range(60) %}\n"
                               "{% set ns.s = ns.s ~ ns.s %}{% endfor %}", 4, "for one value"),
        "wide-format": ("{{ '%1000000000d' % 1 }}", 3, "format field is wider than 10,000"),
        "wide-center": ("{{ ''|center(10**9) }}", 3, "center(1,000,000,000)"),
        "many-slices": ("{{ [1]|slice(10**9)|list }}", 3, "slice(1,000,000,000)"),
        "list-append": ("{% set seen = [] %}{{ seen.append(1) }}", 3, "tried to change a 'list' with 'append'"),
        "dict-update": ("{{ {}.update(a=1) }}", 3, "tried to change a 'dict' with 'update'"),
    }


NAMES = sorted(hostile(Path("/canary")))


@pytest.mark.parametrize("name", NAMES)
def test_a_hostile_template_is_refused_with_its_line(name, make_kit, tmp_path):
    canary = tmp_path / "CANARY"
    payload, line, fragment = hostile(canary)[name]
    root = make_kit(tmp_path / "kit", {"templates/handout.html": HEAD + payload + TAIL})
    started = time.monotonic()
    with pytest.raises(KitError) as info:
        build(root, outputs=["handout"])
    assert time.monotonic() - started < QUICK
    [problem] = info.value.problems
    assert (problem.location.path, problem.location.line, problem.code) == ("templates/handout.html", line, "template")
    assert problem.message.startswith("template error: ") and fragment in problem.message, problem.message
    assert not canary.exists()
    assert not (root / "build" / "01-first-handout.pdf").exists()

    started = time.monotonic()
    result = CliRunner().invoke(cli, ["build", str(root), "--output", "handout"])
    assert time.monotonic() - started < QUICK
    assert result.exit_code == 1, result.stderr
    assert f"templates/handout.html:{line}: error: template error: " in result.stderr
    assert "[template]" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stderr.rstrip().endswith("1 error in 1 file; nothing was written.")
    assert not canary.exists()


def test_the_refusal_says_what_to_do(make_kit, tmp_path):
    payload = "{{ cycler.__init__.__globals__.os }}"
    root = make_kit(tmp_path, {"templates/handout.html": HEAD + payload + TAIL})
    with pytest.raises(KitError) as info:
        build(root, outputs=["handout"])
    assert info.value.problems[0].message == (
        "template error: the template tried to reach '__init__' of a 'type' object, which templates may "
        "not use; templates may only lay out the data they are given")


def test_an_error_in_an_included_template_names_that_template(make_kit, tmp_path):
    root = make_kit(tmp_path, {"templates/handout.html": HEAD + '{% include "parts/evil.html" %}' + TAIL,
                               "templates/parts/evil.html": "<p>fine</p>\n\n{{ ''.__class__ }}\n"})
    with pytest.raises(KitError) as info:
        build(root, outputs=["handout"])
    [problem] = info.value.problems
    assert (problem.location.path, problem.location.line) == ("templates/parts/evil.html", 3)


# --- the environment ----------------------------------------------------------------------------

def test_the_environment_is_the_immutable_sandbox_with_the_usual_settings(make_kit, tmp_path):
    env = environment(make_kit(tmp_path))
    assert type(env) is KitEnvironment
    assert isinstance(env, jinja2.sandbox.ImmutableSandboxedEnvironment)
    assert env.autoescape is True and env.undefined is jinja2.StrictUndefined
    assert env.trim_blocks and env.lstrip_blocks


def test_the_range_budget_is_per_render(make_kit, tmp_path):
    root = make_kit(tmp_path, {"templates/page.html": "{% for i in range(60000) %}{% endfor %}ok\n",
                               "templates/twice.html": "{% include 'page.html' %}{% include 'page.html' %}\n"})
    env = environment(root)
    assert render_html_template(env, "page.html", {}) == "ok"  # Jinja drops the last newline
    assert render_html_template(env, "page.html", {}) == "ok"   # the counter starts again
    with pytest.raises(KitError) as info:
        render_html_template(env, "twice.html", {})
    [problem] = info.value.problems
    assert (problem.location.path, problem.location.line) == ("templates/page.html", 1)
    assert "more than 100,000 numbers together" in problem.message


def test_the_time_limit(make_kit, tmp_path, monkeypatch):
    monkeypatch.setattr(kit.templating, "MAX_RENDER_SECONDS", -1.0)
    root = make_kit(tmp_path, {"templates/page.html": "<p>\n{% for i in range(10) %}{{ i }}{% endfor %}\n"})
    with pytest.raises(KitError) as info:
        render_html_template(environment(root), "page.html", {})
    [problem] = info.value.problems
    assert problem.location.path == "templates/page.html" and problem.location.line >= 1
    assert "took more than -1 seconds to render" in problem.message


def test_the_output_limit_names_the_line_that_was_writing(make_kit, tmp_path, monkeypatch):
    monkeypatch.setattr(kit.templating, "MAX_OUTPUT_CHARS", 1000)
    root = make_kit(tmp_path, {"templates/page.html": "<p>short</p>\n{% for i in range(100) %}\n"
                                                      "{{ 'abcdefghij' * 5 }}\n{% endfor %}\n"})
    with pytest.raises(KitError) as info:
        render_html_template(environment(root), "page.html", {})
    [problem] = info.value.problems
    assert (problem.location.path, problem.location.line) == ("templates/page.html", 3)
    assert "the page is more than 1,000 characters long" in problem.message


def test_ordinary_template_errors_keep_their_location(make_kit, tmp_path):
    root = make_kit(tmp_path, {"templates/syntax.html": "<p>\n{% if %}\n",
                               "templates/undefined.html": "<p>\n\n{{ nothing.here }}\n",
                               "templates/missing.html": "<p>\n{% include 'nowhere.html' %}\n"})
    env = environment(root)
    found = {}
    for name in ("syntax.html", "undefined.html", "missing.html"):
        with pytest.raises(KitError) as info:
            render_html_template(env, name, {})
        [problem] = info.value.problems
        found[name] = (str(problem.location), problem.code)
    assert found == {"syntax.html": ("templates/syntax.html:2", "template"),
                     "undefined.html": ("templates/undefined.html:3", "template"),
                     "missing.html": ("templates/missing.html:2", "template")}


# --- the loader: every file through the kit's boundary -----------------------------------------

def test_a_link_made_after_loading_is_refused_by_the_loader(make_kit, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET-MARKER\n")
    root = make_kit(tmp_path / "kit", {"templates/page.html": "<p>{% include 'leak.html' %}</p>\n"})
    env = environment(root)
    for target in (Path("/etc/passwd"), outside / "secret.txt"):
        link = root / "templates" / "leak.html"
        if link.is_symlink():
            link.unlink()
        link.symlink_to(target)
        for attempt in (lambda: env.get_template("leak.html"),
                        lambda: render_html_template(env, "page.html", {})):
            with pytest.raises(KitError) as info:
                attempt()
            [problem] = info.value.problems
            assert (problem.location.path, problem.code) == ("templates/leak.html", "outside-kit")
            assert "SECRET-MARKER" not in str(info.value) and "root:" not in str(info.value)


def test_an_include_of_etc_passwd_is_refused_in_a_build(make_kit, tmp_path):
    root = make_kit(tmp_path, {"templates/handout.html": HEAD + "{% include 'passwd.html' %}" + TAIL})
    (root / "templates" / "passwd.html").symlink_to("/etc/passwd")
    result = CliRunner().invoke(cli, ["build", str(root), "--output", "handout"])
    assert result.exit_code == 1
    assert "templates/passwd.html: error: this is a link to a file or folder outside the kit" in result.stderr
    assert "root:" not in result.stderr and "Traceback" not in result.stderr


def test_a_link_inside_the_kit_is_followed_and_recorded_by_its_real_path(make_kit, tmp_path):
    root = make_kit(tmp_path, {"templates/real.html": "<p>real</p>\n"})
    (root / "templates" / "alias.html").symlink_to("real.html")
    env = environment(root)
    env.read.clear()
    assert render_html_template(env, "alias.html", {}) == "<p>real</p>"
    assert env.read == [str((root / "templates" / "real.html").resolve())]


def test_a_named_pipe_does_not_hang_the_loader(make_kit, tmp_path):
    root = make_kit(tmp_path, {"templates/page.html": "<p>{% include 'pipe.html' %}</p>\n"})
    os.mkfifo(root / "templates" / "pipe.html")
    env = environment(root)
    outcome = {}

    def load():
        for attempt in (lambda: env.get_template("pipe.html"), lambda: render_html_template(env, "page.html", {})):
            try:
                attempt()
            except KitError as exc:
                outcome.setdefault("problems", []).extend(exc.problems)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(QUICK)
    assert not worker.is_alive(), "reading a named pipe hung"
    assert [(p.location.path, p.code) for p in outcome["problems"]] == [("templates/pipe.html", "not-a-file")] * 2


def test_a_template_over_the_size_limit_is_refused(make_kit, tmp_path):
    root = make_kit(tmp_path, {"templates/big.html": "<p>x</p>\n" * 200_000})
    with pytest.raises(KitError) as info:
        environment(root).get_template("big.html")
    [problem] = info.value.problems
    assert (problem.location.path, problem.code) == ("templates/big.html", "file-too-large")


def test_a_parent_folder_name_is_not_found(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit", {"templates/page.html": "<p>{% include '../kit.yaml' %}</p>\n"})
    with pytest.raises(KitError) as info:
        render_html_template(environment(root), "page.html", {})
    assert "template '../kit.yaml' not found" in info.value.problems[0].message


# --- what a render read --------------------------------------------------------------------------

def test_read_records_every_template_got_on_every_get(make_kit, tmp_path):
    root = make_kit(tmp_path, {"templates/page.html": "{% extends 'default/base.html' %}",
                               "templates/pick.html": "{% include ['none.html', 'part.html'] %}"
                                                      "{% include 'part.html' %}",
                               "templates/part.html": "x"})
    env = environment(root)
    own = (root / "templates").resolve()
    env.read.clear()
    render_html_template(env, "pick.html", {})
    assert env.read == [str(own / "pick.html"), str(own / "part.html"), str(own / "part.html")]
    env.read.clear()
    env.get_template("page.html")
    env.get_template("page.html")   # cached by Jinja, recorded again
    assert env.read == [str(own / "page.html")] * 2
    env.read.clear()
    env.select_template(["nothing.html", "default/base.html"])
    assert env.read == [str((DEFAULT_TEMPLATES / "base.html").resolve())]


def test_read_is_the_environments_own_behaviour(make_kit, tmp_path):
    env = environment(make_kit(tmp_path))
    assert "get_template" not in vars(env) and "select_template" not in vars(env)
    assert KitEnvironment.get_template is not jinja2.Environment.get_template


def test_a_loop_no_hook_sees_is_stopped_by_the_clock(make_kit, tmp_path, monkeypatch):
    monkeypatch.setattr(kit.templating, "MAX_RENDER_SECONDS", 0.5)
    root = make_kit(tmp_path, {"templates/page.html": "{% set big = [0] * 4000000 %}\n"
                                                      "{% for a in big %}{% for b in big %}{% endfor %}{% endfor %}\n"})
    started = time.monotonic()
    with pytest.raises(KitError) as info:
        render_html_template(environment(root), "page.html", {})
    assert time.monotonic() - started < QUICK
    [problem] = info.value.problems
    assert (problem.location.path, problem.location.line) == ("templates/page.html", 2)
    assert "took more than 0.5 seconds to render" in problem.message


def test_a_width_given_by_another_field_is_refused(make_kit, tmp_path):
    root = make_kit(tmp_path, {"templates/page.html": "{{ '{:{w}}'.format(1, w=10**9) }}\n",
                               "templates/fine.html": "{{ '{{}} {:>5}|{:.2f}'.format('a', 1.5) }} {{ '%5.1f%%' % 2.25 }}\n"})
    env = environment(root)
    with pytest.raises(KitError) as info:
        render_html_template(env, "page.html", {})
    assert "format field is wider than 10,000" in info.value.problems[0].message
    assert render_html_template(env, "fine.html", {}) == "{}     a|1.50   2.2%"
