"""nyte beside khal and gcalcli: the same events, paired interleaved runs, ratios with spread."""

from __future__ import annotations

import subprocess
from pathlib import Path

from peers import PEERS, export_vdir, peer_env, peer_venv
from scale_data import cache_root, scale_store
from suites import PYTHON, Pair, Result, bench_env, paired

STORE_MESSAGES = 10_000  # its calendar holds about 1,000 events, the case
AGENDA_TARGET = 0.5
ROWS: list[str] = []


def _lines(command: list[str], env: dict[str, str]) -> int:
    """How many non-empty lines a command prints (a check that it did its work)."""
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return sum(1 for line in done.stdout.splitlines() if line.strip())


def _row(ours: str, theirs: str, pair: Pair) -> str:
    """One table row: nyte's figure, the peer's, and the ratio, each with its spread."""
    return (
        f"| `{ours}` | {pair.ours.text('ms')} | {pair.our_peak_mib:,.0f} MiB | `{theirs}` "
        f"| {pair.theirs.text('ms')} | {pair.their_peak_mib:,.0f} MiB "
        f"| **{pair.ratio.median:.2f}** ({pair.ratio.low:.2f}–{pair.ratio.high:.2f}) |"
    )


def table(results: list[Result]) -> list[str]:
    """The peer table of this run (empty when the suite did not run or was skipped)."""
    if not ROWS or not any(r.suite == "peers" for r in results):
        return []
    versions = ", ".join(f"{name} {version}" for name, version in sorted(PEERS.items()))
    return [
        f"Peers: {versions} (pip, in a throwaway venv under the bench cache; not nyte's "
        "dependencies). Ratio = nyte ÷ peer per pair of runs: median (p25–p75).",
        "",
        "| nyte | median (p25–p75, n) | peak RSS | peer | median (p25–p75, n) | peak RSS | ratio |",
        "|---|---|---|---|---|---|---|",
        *ROWS,
    ]


def run(quick: bool) -> list[Result]:
    """Install the peers once, export the store's events for khal, and pair the runs."""
    ROWS.clear()
    venv, why = peer_venv()
    if venv is None:
        print(f"  peers skipped: {why}", flush=True)
        return [Result("peers", "khal and gcalcli", 0.0, "(skipped)", note=why)]
    store = scale_store(STORE_MESSAGES)
    work = cache_root() / f"khal-{store.home.name}"
    config, exported = export_vdir(store.home, work)
    env = bench_env(store.home)
    khal_env = peer_env(work / "home")
    bin_dir = Path(venv) / "bin"
    nyte = [PYTHON, "-m", "nyte_tui"]
    khal = [str(bin_dir / "khal"), "-c", str(config)]
    agenda = [*nyte, "agenda", "--days", "30"]
    khal_list = [*khal, "list", "today", "30d"]
    shown = (_lines(agenda, env), _lines(khal_list, khal_env))  # also builds khal's index
    runs = 5 if quick else 11
    pairs = [
        ("nyte agenda --days 30", agenda, "khal list today 30d", khal_list, AGENDA_TARGET),
        ("nyte --help", [*nyte, "--help"], "gcalcli --help", [str(bin_dir / "gcalcli"), "--help"],
         None),
        ("nyte --help", [*nyte, "--help"], "khal --help", [*khal, "--help"], None),
    ]  # fmt: skip
    results = []
    for ours, our_command, theirs, their_command, target in pairs:
        pair = paired(our_command, their_command, env, khal_env, runs)
        ROWS.append(_row(ours, theirs, pair))
        note = (
            f"{ours} {pair.ours.median:,.0f} ms vs {theirs} {pair.theirs.median:,.0f} ms; "
            f"peak {pair.our_peak_mib:,.0f} vs {pair.their_peak_mib:,.0f} MiB"
        )
        if pair.failures:
            note += f"; {pair.failures} runs failed"
        if ours.startswith("nyte agenda"):
            note += (
                f"; {exported:,} events exported as a khal vdir, output lines nyte {shown[0]}"
                f" / khal {shown[1]}"
            )
        results.append(
            Result(
                "peers",
                f"{ours} ÷ {theirs}",
                pair.ratio.median,
                "×",
                target,
                spread=pair.ratio,
                note=note,
            )
        )
    return results
