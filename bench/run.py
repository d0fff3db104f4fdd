"""Benchmark kit against the renderer's own floor, and print one table.

    .venv/bin/python bench/run.py [--sizes 1,10,100] [--skip-jobs1 100] [--keep DIR]

For kits of 1, 10 and 100 units (copies of the shipped units, made in a temporary folder by
bench/kitgen.py) it measures, all in one run:

- the floor: raw WeasyPrint renders (render + write_pdf) of the HTML each output is made from,
  summed, in one warm process with the build's fetcher and one FontConfiguration (bench/floor.py;
  the HTML comes from an untimed `kit build --html`);
- a full cold build with the default --jobs (one per core) and with --jobs 1, each as a ratio to
  the floor, and the speed-up of the first over the second;
- for the largest kit: a no-op rebuild, and a rebuild after editing one unit (with the default
  outputs, which joins the books again with that unit's new parts, and with --unit ID) as a ratio
  to the floor renders of that unit's render (its outputs, and its parts of the books and cards); the
  peak memory (PSS of kit and its workers, summed; RSS beside it) of
  its cold build;
- the wall time of `kit --help`.

Every build is the real command in a subprocess; times are wall-clock seconds, with the CPU
seconds of the process tree beside them (the machine may be shared: the load average is printed).
The commands run a copy of the `kit` package taken at the start (on PYTHONPATH), so that edits
to the working tree while the benchmark runs cannot reach it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from kitgen import make_kit  # noqa: E402

PYTHON = Path(sys.executable)
KIT = PYTHON.parent / "kit"


def memory_of_tree(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants, summed, in bytes. Forked workers share
    the parent's pages: RSS counts a shared page in every process, PSS divides it among them."""
    rss, pss, stack = 0, 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack += [int(c) for c in handle.read().split()]
        except (OSError, ValueError):
            continue
    return rss, pss


ENV = dict(os.environ)


def freeze_package(folder: Path) -> None:
    """Run every command below with a copy of the package as it is now."""
    shutil.copytree(REPO / "kit", folder / "frozen" / "kit", ignore=shutil.ignore_patterns("__pycache__"))
    ENV["PYTHONPATH"] = str(folder / "frozen")


TICK = os.sysconf("SC_CLK_TCK")


def cpu_of_tree(pid: int, seen: dict[int, float]) -> None:
    """Note the CPU seconds so far of a process and each of its descendants in `seen`."""
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            seen[current] = (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / TICK
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack += [int(c) for c in handle.read().split()]
        except (OSError, ValueError, IndexError):
            continue


def run(command: list, sample_memory: bool = False) -> dict:
    """Run a command; its wall seconds, the CPU seconds of its process tree and, optionally, the
    peak tree RSS and PSS. The tree is sampled every 20 ms: workers are children of a fork server
    that kit ends without waiting for it, so the rusage of waited-for children would miss them
    (a process's last 20 ms may be missed too)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen([str(c) for c in command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=ENV)
    peak = [0, 0]
    cpu_seen: dict[int, float] = {}

    def sample():
        while proc.poll() is None:
            cpu_of_tree(proc.pid, cpu_seen)
            if sample_memory:
                rss, pss = memory_of_tree(proc.pid)
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(map(str, command))}\n{stdout}\n{stderr}")
    waited = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpu = max(waited, sum(cpu_seen.values()))
    return {"wall": wall, "cpu": cpu, "peak": peak[0], "peak_pss": peak[1], "stdout": stdout, "stderr": stderr}


def built_rows(stdout: str) -> list[str]:
    """Names of the outputs a `kit build --json` reports as built."""
    return [o["file"] for o in json.loads(stdout)["outputs"] if o["status"] == "built"]


def edit_unit(path: Path, marker: str) -> None:
    """Change a unit's summary (printed on its handouts, slides and in the books)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    assert lines[index].rstrip().endswith(("|", ">")), "kitgen writes summaries as blocks"
    body = index + 1
    lines[body] = lines[body].rstrip("\n") + f" ({marker})\n"
    path.write_text("".join(lines), encoding="utf-8")


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    import weasyprint

    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "weasyprint": weasyprint.__version__, "load": os.getloadavg()}


def measure_kit(folder: Path, units: int, skip_jobs1: bool, largest: bool, log) -> dict:
    root = make_kit(folder / f"kit{units}", units)
    out = {"units": units}
    log(f"{units} units: cold build, default --jobs")
    cold = run([KIT, "build", root, "-o", root / "out"], sample_memory=True)
    from kit.cache import MANIFEST, cache_folder

    manifest = json.loads((cache_folder(root, root / "out") / MANIFEST).read_text(encoding="utf-8"))["outputs"]
    out.update(outputs=len(manifest), pages=sum(e["pages"] for e in manifest.values()), cold=cold)
    if not skip_jobs1:
        log(f"{units} units: cold build, --jobs 1")
        out["jobs1"] = run([KIT, "build", root, "--jobs", "1", "-o", root / "out-jobs1"], sample_memory=True)
    log(f"{units} units: the HTML of every output (untimed), then the floor")
    run([KIT, "build", root, "--html", "-o", root / "out-html"])
    floor = json.loads(run([PYTHON, HERE / "floor.py", root, root / "out-html"])["stdout"])
    out["floor"] = sum(floor.values())
    if largest:
        log(f"{units} units: no-op rebuilds")
        noops = [run([KIT, "build", root, "-o", root / "out"]) for _ in range(5)]
        assert all("Nothing to do" in r["stdout"] for r in noops), noops[0]["stdout"]
        out["noop"] = statistics.median(r["wall"] for r in noops)
        position = units // 2  # a unit in the middle; by kitgen, file 051-ID.yaml is unit 51 with id ID
        unit_file = sorted((root / "units").iterdir())[position]
        unit_id = unit_file.stem.split("-", 1)[1]
        unit_outputs = [name for name in floor if name.startswith(f"{position + 1:02d}-{unit_id}-")]
        unit_parts = [name for name in floor if name.endswith(f"#{unit_id}")]  # its parts of the books, cards
        out["unit"] = {"id": unit_id, "outputs": len(unit_outputs), "floor": sum(floor[n] for n in unit_outputs),
                       "parts": len(unit_parts), "with_parts": sum(floor[n] for n in unit_outputs + unit_parts)}
        log(f"{units} units: edit {unit_file.name}, rebuild")
        edit_unit(unit_file, "edited once")
        edit = run([KIT, "build", root, "-o", root / "out", "--json"])
        out["edit"] = {**edit, "built": built_rows(edit["stdout"])}
        log(f"{units} units: edit {unit_file.name} again, rebuild with --unit {unit_id}")
        edit_unit(unit_file, "edited twice")
        edit = run([KIT, "build", root, "--unit", unit_id, "-o", root / "out", "--json"])
        out["edit_unit"] = {**edit, "built": built_rows(edit["stdout"])}
    for result in [v for v in out.values() if isinstance(v, dict)]:
        result.pop("stdout", None), result.pop("stderr", None)
    return out


def seconds(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def table(info: dict, kits: list[dict], help_time: float) -> str:
    largest = kits[-1]
    cols = [f"{k['units']} unit{'s' if k['units'] != 1 else ''}" for k in kits]
    rows: list[list[str]] = []

    def row(label, values, target="", holds=""):
        rows.append([label] + values + [target, holds])

    def per_kit(fn):
        return [fn(k) for k in kits]

    def verdict(ok: bool) -> str:
        return "yes" if ok else "**no**"

    row("outputs (pages)", per_kit(lambda k: f"{k['outputs']} ({k['pages']})"))
    row("floor: raw WeasyPrint renders, one warm process (s)", per_kit(lambda k: seconds(k["floor"])))
    row(f"cold build, default --jobs ({info['nproc']}): wall s (CPU s)",
        per_kit(lambda k: f"{seconds(k['cold']['wall'])} ({seconds(k['cold']['cpu'])})"))
    ratios = per_kit(lambda k: k["cold"]["wall"] / k["floor"])
    row("  ratio to the floor", [f"{r:.2f}" for r in ratios], "≤ 1.10", verdict(all(r <= 1.10 for r in ratios)))
    if all("jobs1" in k for k in kits) or any("jobs1" in k for k in kits):
        row("cold build, --jobs 1: wall s (CPU s)",
            per_kit(lambda k: f"{seconds(k['jobs1']['wall'])} ({seconds(k['jobs1']['cpu'])})" if "jobs1" in k else "–"))
        ratios1 = [k["jobs1"]["wall"] / k["floor"] for k in kits if "jobs1" in k]
        row("  ratio to the floor", per_kit(lambda k: f"{k['jobs1']['wall'] / k['floor']:.2f}" if "jobs1" in k else "–"),
            "(≤ 1.10)", verdict(all(r <= 1.10 for r in ratios1)))
        speedups = [(k["units"], k["jobs1"]["wall"] / k["cold"]["wall"]) for k in kits if "jobs1" in k]
        row(f"--jobs {info['nproc']} speed-up over --jobs 1",
            per_kit(lambda k: f"{k['jobs1']['wall'] / k['cold']['wall']:.2f}×" if "jobs1" in k else "–"),
            "≥ 1.6× (10+ units)", verdict(all(s >= 1.6 for u, s in speedups if u >= 10)))
    blank = ["–"] * (len(kits) - 1)
    row("no-op rebuild (s)", blank + [f"{largest['noop']:.2f}"], "< 1 s", verdict(largest["noop"] < 1))
    unit = largest["unit"]
    edit = largest["edit"]
    row(f"edit one unit ({unit['id']}), rebuild: s, outputs rebuilt", blank +
        [f"{seconds(edit['wall'])}, {len(edit['built'])}"])
    row(f"  ratio to the floor of the unit's render: its {unit['outputs']} outputs and its {unit['parts']} parts of "
        f"the books and cards ({seconds(unit['with_parts'])} s)",
        blank + [f"{edit['wall'] / unit['with_parts']:.2f}"], "< 2", verdict(edit["wall"] / unit["with_parts"] < 2))
    row(f"  ratio to the floor of the unit's {unit['outputs']} outputs alone ({seconds(unit['floor'])} s)",
        blank + [f"{edit['wall'] / unit['floor']:.2f}"])
    edit_unit = largest["edit_unit"]
    row(f"edit it again, `--unit {unit['id']}`: s, outputs rebuilt", blank +
        [f"{seconds(edit_unit['wall'])}, {len(edit_unit['built'])}"])
    row("  ratio to the floor of the unit's outputs", blank + [f"{edit_unit['wall'] / unit['floor']:.2f}"], "< 2",
        verdict(edit_unit["wall"] / unit["floor"] < 2))
    mib = 1024 * 1024
    row("peak memory of the cold build, workers included: PSS (MiB)",
        per_kit(lambda k: f"{k['cold']['peak_pss'] / mib:.0f}"), "< 600 MB", verdict(largest["cold"]["peak_pss"] / 1e6 < 600))
    row("  same, RSS summed (pages shared with forked workers counted in each) (MiB)",
        per_kit(lambda k: f"{k['cold']['peak'] / mib:.0f}"), "", "")
    if any("jobs1" in k for k in kits):
        row("  same, --jobs 1: PSS (MiB)", per_kit(lambda k: f"{k['jobs1']['peak_pss'] / mib:.0f}" if "jobs1" in k else "–"))
    row("`kit --help` (s, median of 10)", ["–"] * (len(kits) - 1) + [f"{help_time:.3f}"], "< 0.3 s",
        verdict(help_time < 0.3))
    header = ["measurement"] + cols + ["target", "holds"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * len(cols) + ["---", "---"]) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="unit counts of the kits (default: 1,10,100)")
    parser.add_argument("--skip-jobs1", default="", help="sizes to build without the --jobs 1 comparison")
    parser.add_argument("--keep", type=Path, help="make the kits here and keep them (default: a temporary folder)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    skip = {int(s) for s in args.skip_jobs1.split(",") if s}
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kit-bench-"))
    folder.mkdir(parents=True, exist_ok=True)

    def log(text):
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    info = machine()
    freeze_package(folder)
    try:
        run([KIT, "--help"])
        help_time = statistics.median(run([KIT, "--help"])["wall"] for _ in range(10))
        kits = [measure_kit(folder, n, n in skip, n == max(sizes), log) for n in sizes]
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    info["load_end"] = os.getloadavg()
    print(f"Machine: {info['nproc']} cores ({info['cpu']}), Python {info['python']}, "
          f"WeasyPrint {info['weasyprint']}; load average at start {info['load'][0]:.2f}, "
          f"at end {info['load_end'][0]:.2f}.\n")
    print(table(info, kits, help_time))
    print("\n" + json.dumps({"machine": info, "kits": kits, "help": help_time}, default=str))


if __name__ == "__main__":
    main()
