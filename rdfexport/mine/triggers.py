"""Trigger words → WikiPathways interaction classes (rules in ../shared/eval/ANNOTATION.md).

A trigger is a verb (any inflection), its nominalisation ('activation'), or its agent
noun ('activator'). Verb forms are generated from the lemma by regular English
morphology, with the few irregular forms listed.
"""

from __future__ import annotations

from dataclasses import dataclass

STIM, INH, TT, BIND, CPLX = "Stimulation", "Inhibition", "TranscriptionTranslation", "Binding", "ComplexBinding"
CONV, CAT, TRANS, DIR = "Conversion", "Catalysis", "Translocation", "DirectedInteraction"

# Verb lemma -> class. Regulators ('activate', 'inhibit', 'regulate') take either a
# participant or an event ('the binding of A and B') as object.
VERBS: dict[str, str] = {
    **dict.fromkeys("""activate induce promote stimulate enhance upregulate phosphorylate trigger
        augment potentiate increase elevate drive cause mediate hyperactivate facilitate""".split(), STIM),
    **dict.fromkeys("""inhibit suppress block downregulate repress degrade attenuate reduce decrease
        antagonize antagonise abrogate abolish impair inactivate deactivate dephosphorylate
        destabilize destabilise silence diminish counteract restrain prevent""".split(), INH),
    **dict.fromkeys("transactivate".split(), TT),
    **dict.fromkeys("bind interact associate attach heterodimerize heterodimerise dimerize dimerise".split(), BIND),
    **dict.fromkeys("cleave convert".split(), CONV),
    **dict.fromkeys("catalyze catalyse".split(), CAT),
    **dict.fromkeys("translocate transport internalize internalise shuttle".split(), TRANS),
    **dict.fromkeys("regulate control modulate affect influence".split(), DIR),
}
# Forms regular morphology gets wrong (doubled consonants, strong verbs).
IRREGULAR = {"bind": {"bound": "past"}, "control": {"controlled": "past", "controlling": "ing"}}

# Nominalisations: 'activation of Y', 'Y phosphorylation', 'the binding of A and B'.
NOUNS: dict[str, str] = {
    **dict.fromkeys("""activation hyperactivation induction stimulation upregulation phosphorylation
        enhancement activity""".split(), STIM),
    **dict.fromkeys("""inhibition suppression repression downregulation degradation blockade
        inactivation dephosphorylation""".split(), INH),
    **dict.fromkeys("transcription expression transactivation translation overexpression".split(), TT),
    **dict.fromkeys("binding interaction interactions association".split(), BIND),
    **dict.fromkeys("heterodimerization heterodimerisation dimerization dimerisation".split(), CPLX),
    **dict.fromkeys("cleavage conversion processing".split(), CONV),
    **dict.fromkeys("""translocation internalization internalisation secretion transport transporting
        import export""".split(), TRANS),
    **dict.fromkeys("regulation modulation".split(), DIR),
}
# 'activity' names a state, not an event: it may follow a participant ('mTORC1 activity')
# but cannot carry its own agent.
STATE_NOUNS = frozenset({"activity"})

AGENT_NOUNS: dict[str, str] = {
    "activator": STIM, "activators": STIM, "inducer": STIM, "inhibitor": INH, "inhibitors": INH,
    "repressor": INH, "suppressor": INH, "regulator": DIR, "regulators": DIR,
}
# Adverbs that set the class of the verb they modify.
ADVERBS: dict[str, str] = {
    "transcriptionally": TT, "negatively": INH, "positively": STIM,
}
# Adjectives before an agent noun that set its class ('a transcriptional activator of Y').
AGENT_ADJECTIVES: dict[str, str] = {"transcriptional": TT}


@dataclass(frozen=True)
class Trigger:
    lemma: str
    wp_class: str
    form: str  # 'verb' (base, 3sg), 'past' (-ed: past or participle), 'ing', 'noun', 'agent'


def _verb_forms(lemma: str) -> dict[str, str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
    forms = {lemma: "verb", third: "verb", stem + "ed": "past", stem + "ing": "ing"}
    if lemma.endswith("e"):
        forms[lemma + "d"] = "past"
    forms.update(IRREGULAR.get(lemma, {}))
    return forms


def _build() -> dict[str, Trigger]:
    table: dict[str, Trigger] = {}
    for lemma, cls in VERBS.items():
        for word, form in _verb_forms(lemma).items():
            table[word] = Trigger(lemma, cls, form)
    for word, cls in NOUNS.items():  # a noun wins over a gerund of the same spelling ('binding')
        table[word] = Trigger(word, cls, "noun")
    for word, cls in AGENT_NOUNS.items():
        table[word] = Trigger(word, cls, "agent")
    table["processed"] = Trigger("process", CONV, "past")  # 'processes' is mostly a noun
    return table


TRIGGERS = _build()


def trigger(word: str) -> Trigger | None:
    """The trigger a (lower-case) word is, folding 'up-regulates' to 'upregulates'."""
    return TRIGGERS.get(word) or (TRIGGERS.get(word.replace("-", "")) if "-" in word else None)


def combine(verb: str, noun: str | None) -> str | None:
    """Class of 'VERB the NOUN of Y' (e.g. 'activates the transcription of Y' → TT).

    None when the combination has no safe reading ('inhibits the degradation of Y').
    """
    if noun is None or verb in (BIND, CONV, CAT, TRANS):
        return verb
    if verb == STIM:
        return STIM if noun == CONV else noun
    if verb == INH:
        return None if noun == INH else INH
    if verb == TT:
        return TT
    return DIR  # 'regulates the expression of Y': unsigned
