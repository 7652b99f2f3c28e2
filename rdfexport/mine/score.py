"""Score mined interactions against a gold file (format and rules: shared/eval/ANNOTATION.md).

Per figure, distinct (source, target, class) keys are compared; Binding and ComplexBinding
match each other and ignore order. Gold rows of tier core/implicit count for recall; an
ambiguous gold key neither helps nor hurts a prediction; a negated gold key predicted as
asserted is a false positive; predictions flagged negated are not scored.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from ..records import Interaction

UNORDERED = {"Binding", "ComplexBinding"}
SCORED_TIERS = {"core", "implicit"}

Key = tuple[str, str, str]


def key(source: str, target: str, wp_class: str) -> Key:
    if wp_class in UNORDERED:
        source, target = sorted((source, target))
        return source, target, "Binding"
    return source, target, wp_class


@dataclass
class Gold:
    figures: set[str] = field(default_factory=set)  # every figure the file covers ('none:' too)
    scored: dict[str, set[Key]] = field(default_factory=lambda: defaultdict(set))
    ambiguous: dict[str, set[Key]] = field(default_factory=lambda: defaultdict(set))
    negated: dict[str, set[Key]] = field(default_factory=lambda: defaultdict(set))


def read_gold(path: str | Path) -> Gold:
    gold = Gold()
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.startswith("# none:"):
            gold.figures.add(line.split(":", 1)[1].strip())
    rows = csv.DictReader((ln for ln in lines if not ln.startswith("#")), delimiter="\t")
    for row in rows:
        _add_row(gold, row)
    return gold


def _add_row(gold: Gold, row: Mapping[str, str]) -> None:
    fig = row["figid"]
    gold.figures.add(fig)
    k = key(row["src_symbol"], row["tgt_symbol"], row["wp_class"])
    if row["negated"] == "yes":
        gold.negated[fig].add(k)
    elif row["tier"] in SCORED_TIERS:
        gold.scored[fig].add(k)
    else:
        gold.ambiguous[fig].add(k)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    overall: Counts = field(default_factory=Counts)
    by_class: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    false_positives: dict[str, list[Key]] = field(default_factory=lambda: defaultdict(list))
    misses: dict[str, list[Key]] = field(default_factory=lambda: defaultdict(list))


def score(gold: Gold, predicted: Mapping[str, Iterable[Interaction]]) -> Score:
    """Score predictions (figid → interactions) on the figures the gold file covers."""
    result = Score()
    for fig in sorted(gold.figures):
        _score_figure(result, fig, gold, _keys(predicted.get(fig, ())))
    return result


def _keys(interactions: Iterable[Interaction]) -> set[Key]:
    return {key(i.source_symbol, i.target_symbol, i.wp_class) for i in interactions if not i.negated}


def _score_figure(result: Score, fig: str, gold: Gold, keys: set[Key]) -> None:
    scored = gold.scored.get(fig, set())
    for k in sorted(keys):
        if k in scored:
            _count(result, k, "tp")
        elif k not in gold.ambiguous.get(fig, set()) or k in gold.negated.get(fig, set()):
            _count(result, k, "fp")
            result.false_positives[fig].append(k)
    for k in sorted(scored - keys):
        _count(result, k, "fn")
        result.misses[fig].append(k)


def _count(result: Score, k: Key, what: str) -> None:
    for counts in (result.overall, result.by_class[k[2]]):
        setattr(counts, what, getattr(counts, what) + 1)


def report_lines(result: Score) -> list[str]:
    lines = [_line("overall", result.overall)]
    lines += [_line(cls, c) for cls, c in sorted(result.by_class.items())]
    for fig in sorted(set(result.false_positives) | set(result.misses)):
        lines.append(f"\n{fig}")
        lines += [f"  FP   {s} -> {t} {c}" for s, t, c in result.false_positives.get(fig, [])]
        lines += [f"  MISS {s} -> {t} {c}" for s, t, c in result.misses.get(fig, [])]
    return lines


def _line(name: str, c: Counts) -> str:
    return (f"{name:26s} P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f}"
            f"  (tp={c.tp} fp={c.fp} fn={c.fn})")


def mine_gold_figures(gold: Gold, figure_dir: str | Path) -> dict[str, tuple[Interaction, ...]]:
    """Read, ground and mine the records of the gold figures through the real pipeline."""
    from ..pipeline import Summary, figures  # the pipeline imports this package: import late

    paths = [str(p) for p in sorted(Path(figure_dir).glob("*.md")) if p.stem in gold.figures]
    return {fig.figid: fig.interactions for fig in figures(paths, Summary())}
