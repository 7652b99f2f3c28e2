"""Closed word classes the patterns walk over (function words, not domain vocabulary)."""

from __future__ import annotations

BE = frozenset("is are was were be been being am becomes become became get gets got".split())
AUX = BE | frozenset("has have had does do did".split())
MODALS = frozenset("can could may might will would should must shall cannot".split())
NEGATORS = frozenset("not no never cannot neither nor fail fails failed unable without n't".split())
# May/might/could and the like, per the annotation guide ('can' is no hedge).
HEDGES = frozenset("""may might could possibly probably likely presumably putatively perhaps
    potentially apparently seemingly suggested proposed hypothesized hypothesised thought believed""".split())
# Words that put a whole sentence's statements under a hedge when they come before them.
SENTENCE_HEDGES = frozenset("""hypothetic hypothetical proposed putative possible presumably presumed
    hypothesized hypothesised speculative""".split())
ADVERBS = frozenset("""also then further furthermore still thus therefore subsequently additionally
    indeed often usually now again only even consequently accordingly in turn finally""".split())
# Verbs that pass their subject on to the infinitive they govern ('X functions to activate Y').
CONTROL = frozenset("""function functions functioned serve serves served act acts acted appear appears
    appeared seem seems seemed able known shown reported found required thought proposed
    suggested believed tend tends help helps helped continue continues""".split())
RELATIVES = frozenset("which that who".split())
DETERMINERS = frozenset("the a an its their his her this these those both either each".split())
# Nouns a participant can head without changing who it is ('the STAT3 pathway', 'Frizzled
# receptors', 'SRY expression').
HEADS = frozenset("""protein proteins receptor receptors ligand ligands kinase kinases signaling
    signalling pathway pathways level levels gene genes complex complexes family families member
    members subunit subunits domain domains factor factors inflammasome cascade cascades axis
    isoform isoforms mrna transcript transcripts itself alone proteins signal signals""".split())
# Nouns after a participant that make it a modifier of something else ('the HMGB1 inhibitor
# glycyrrhizin', 'STAT3 knockdown'): the participant then is no participant.
OPAQUE = frozenset("""inhibitor inhibitors antagonist antagonists agonist agonists antibody antibodies
    sirna sirnas shrna knockdown knockout deficiency deletion mutant mutants mutation mutations
    promoter promoters locus loci gene-targeting blocker blockers""".split())
# Pre-modifiers a listed participant may carry ('phosphorylated STAT3 and RhoU').
MODIFIERS = DETERMINERS | frozenset("""phosphorylated activated active inactive nuclear cytoplasmic
    cytosolic extracellular intracellular mature total membrane soluble secreted endogenous
    exogenous downstream upstream substrate partner target targets other several multiple
    various cleaved truncated ubiquitinated acetylated classical canonical non-canonical
    monomeric dimeric oligomeric precursor forced increased decreased elevated""".split())
PREPOSITIONS = frozenset("in by from within at on into during after under".split())
SUCH_AS = frozenset("including such".split())
VIA = frozenset("via through".split())
VIA_LEADS = frozenset("acting signaling signalling working functioning possibly probably likely mainly partly partially directly indirectly presumably".split())
RESULTS = frozenset("leading lead leads led resulting result results causing".split())
GOVERNED_ING = frozenset("by upon through via thus thereby thereafter while after".split())
SIGN_ADJECTIVES = {"positive": "Stimulation", "negative": "Inhibition", "inhibitory": "Inhibition",
                   "stimulatory": "Stimulation"}
MUTUAL = frozenset("mutual mutually reciprocal reciprocally".split())
REQUIRED = frozenset("required needed necessary essential".split())
CONTAINING = frozenset("containing comprising consisting composed".split())
COMPLEX_NOUNS = frozenset("""complex complexes signalosome holoenzyme heterodimer heterotrimer
    oligomer multimer assembly""".split())
