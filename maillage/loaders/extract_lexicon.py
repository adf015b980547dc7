"""Word lists the extraction rules use, French and English.

Kept as data in one place so a rule reads as a sentence and a new phrasing is one entry.
Everything here is matched on folded text (lower case, no accents, punctuation as spaces),
except where a name says otherwise.
"""
from __future__ import annotations

import re

# --- head nouns: what kind of actor a name designates -------------------------------------
#: head noun (folded, singular and plural) -> actor type
ORG_HEADS: dict[str, str] = {}
for _type, _words in {
    "association": [
        "association", "associations", "reseau", "network", "federation", "union", "ligue",
        "assemblee", "assembly", "conference", "alliance", "plateforme", "platform", "cites",
        "coalition", "forum permanent", "convention", "congres",
    ],
    "ministry": ["ministere", "ministry", "department of state", "secretariat d etat"],
    "government_body": [
        "direction", "directorate", "delegation", "centre", "center", "agence", "agency",
        "ambassade", "ambassades", "embassy", "embassies", "consulat", "prefecture",
        "service", "office", "bureau", "autorite", "authority", "inspection", "mission",
        "haut commissariat", "secretariat general", "gouvernement", "government",
    ],
    "organisation": [
        "commission", "comite", "committee", "conseil", "council", "fondation", "foundation",
        "institut", "institute", "observatoire", "observatory", "fonds", "fund", "organisation",
        "organization", "groupement", "group", "groupe", "cercle", "club", "chambre", "chamber",
        "entreprise", "societe", "company", "banque", "bank", "universite", "university",
        "ecole", "school", "academie", "academy", "pole", "unit", "unite", "cellule",
        "secretariat", "departement", "department", "ong", "ngo", "cooperative",
    ],
    "local_authority": [
        "metropole", "communaute d agglomeration", "communaute de communes", "communaute urbaine",
        "conseil departemental", "conseil regional", "region", "departement de", "ville de",
        "city of", "municipality", "municipalite", "commune de", "mairie", "county", "comte",
        "province", "district",
    ],
    "programme": [
        "programme", "program", "plan", "initiative", "projet", "project", "instrument",
        "facilite", "facility", "strategie", "strategy", "pacte", "pact", "partenariat",
        "partnership", "agenda",
    ],
    "event": [
        "rencontre", "rencontres", "atelier", "ateliers", "conference", "forum", "sommet", "summit",
        "seminaire", "seminar", "colloque", "congres", "congress", "assises", "journee", "journees",
        "semaine", "week", "days", "day", "salon", "festival", "reunion", "meeting", "table ronde",
        "round table", "webinaire", "webinar", "workshop", "session", "symposium", "universite d ete",
        "assemblee generale", "general assembly", "dialogue", "visite", "visit", "mission d etude",
        "study visit", "expo", "exposition", "exhibition", "ceremonie", "ceremony", "concours",
        "prix", "award", "conversation", "hackathon",
    ],
}.items():
    for _w in _words:
        ORG_HEADS.setdefault(_w, _type)

#: event heads, separately (a "conference" is an event when it happens, an association otherwise)
EVENT_HEADS: frozenset[str] = frozenset(
    "rencontre rencontres atelier ateliers conference conferences forum sommet summit seminaire seminar "
    "colloque congres congress assises journee journees semaine week days salon festival reunion meeting session "
    "webinaire webinar workshop symposium visite visit exposition exhibition ceremonie ceremony "
    "hackathon".split()
) | frozenset({"table ronde", "round table", "assemblee generale", "general assembly",
               "universite d ete", "study visit", "mission d etude"})

PROGRAMME_HEADS: frozenset[str] = frozenset(
    "programme program plan initiative projet project instrument facilite facility strategie strategy "
    "pacte pact agenda".split()
)

#: heads of units that belong to a larger organisation ("Direction ... de la Commission")
UNIT_HEADS: frozenset[str] = frozenset(
    "direction directorate delegation centre center service office bureau unit unite pole cellule "
    "departement department commission comite committee secretariat section division mission "
    "ambassade ambassades embassy embassies consulat cabinet".split()
)

#: words that never start or make a name by themselves (folded)
FUNCTION_WORDS: frozenset[str] = frozenset(
    "le la les l un une des du de d au aux a et ou en dans sur pour par avec sans sous the of and or "
    "in on for by with to at from an as its their his her son sa ses leur leurs ce cet cette ces this "
    "that these those qui que dont which who whose".split()
)

#: words that end a name when met before it: auxiliaries, agent markers (folded)
CLAUSE_WORDS: frozenset[str] = frozenset(
    "is are was were be been has have had will would est sont etait etaient sera seront ete by par".split()
)

NAME_CONNECTORS: frozenset[str] = frozenset(
    "de du des d la le les l et pour sur en of the and for on a au aux".split()
)

# --- persons ------------------------------------------------------------------------------
#: civilities that announce a person (folded)
CIVILITIES: frozenset[str] = frozenset(
    "m mme mlle mr mrs ms miss dr pr prof monsieur madame sir dame s e h e cllr councillor councilor cr "
    "alderman hon rt dott ing mag".split()
)

#: role words (folded). Multi-word roles first so the longest is found.
ROLES: tuple[str, ...] = tuple(sorted({
    # French
    "maire", "maire adjoint", "maire adjointe", "adjoint au maire", "adjointe au maire", "adjoint",
    "adjointe", "premier adjoint", "premiere adjointe", "president", "presidente", "vice president",
    "vice presidente", "co president", "co presidente", "secretaire general", "secretaire generale",
    "secretaire generale adjointe", "secretaire general adjoint", "directeur", "directrice",
    "directeur general", "directrice generale", "directeur adjoint", "directrice adjointe",
    "delegue", "deleguee", "delegue general", "deleguee generale", "charge de mission",
    "chargee de mission", "charge de communication", "chargee de communication", "charge de projet",
    "chargee de projet", "charge de programme", "chargee de programme", "chef de projet",
    "cheffe de projet", "chef de service", "cheffe de service", "chef de bureau", "chef du pole",
    "responsable", "coordinateur", "coordinatrice", "conseiller", "conseillere", "conseiller municipal",
    "conseillere municipale", "conseiller regional", "conseillere regionale", "conseiller departemental",
    "conseillere departementale", "ministre", "secretaire d etat", "ambassadeur", "ambassadrice",
    "depute", "deputee", "senateur", "senatrice", "prefet", "prefete", "tresorier", "tresoriere",
    "porte parole", "attache", "attachee", "administrateur", "administratrice", "expert", "experte",
    "juriste", "assistant", "assistante", "stagiaire", "gestionnaire", "animateur", "animatrice",
    "commissaire", "commissaire europeen", "commissaire europeenne", "rapporteur", "rapporteure",
    "membre du bureau", "chef de la delegation", "chef de delegation", "haut representant",
    # the office rather than its holder: "réélue à la présidence de l'AFCCRE"
    "presidence", "vice presidence", "co presidence", "direction generale", "secretariat general",
    # English
    "mayor", "deputy mayor", "lord mayor", "president", "vice president", "secretary general",
    "deputy secretary general", "director", "deputy director", "director general", "executive director",
    "managing director", "head", "head of unit", "head of department", "head of delegation",
    "officer", "policy officer", "project officer", "programme officer", "communication officer",
    "communications officer", "press officer", "senior adviser", "adviser", "advisor", "senior advisor",
    "policy adviser", "policy advisor", "project manager", "programme manager", "manager",
    "coordinator", "minister", "ambassador", "chair", "chairman", "chairwoman", "chairperson",
    "co chair", "spokesperson", "spokesman", "spokeswoman", "treasurer", "councillor", "councilor",
    "commissioner", "rapporteur", "member of the board", "governor", "chief executive", "ceo",
    "secretary", "assistant", "expert", "consultant", "researcher", "intern", "trainee", "founder",
}, key=lambda r: (-len(r), r)))

#: single words of job titles ("Policy Officer", "Senior Adviser" are not persons' names)
TITLE_WORDS: frozenset[str] = frozenset(
    w for r in ROLES for w in r.split() if len(w) > 3 and w not in {"membre", "member", "board", "unit", "haut"}
) | frozenset({"senior", "policy", "junior", "press", "officer", "adviser", "advisor"})

#: prepositions between a role and its organisation (folded, longest first)
ROLE_ORG_PREPS: tuple[str, ...] = (
    "aupres de la", "aupres du", "aupres de l", "aupres des", "aupres de", "au sein de la",
    "au sein du", "au sein de l", "au sein des", "de la", "de l", "du", "des", "d", "de", "a la",
    "a l", "au", "aux", "of the", "of", "at the", "at", "for the", "for", "with the", "with",
)

#: verbs that say who animates/leads something: "X, animée par P" -> P works_for X
LED_BY = re.compile(
    r"\b(anim[ée]e?s?|pr[ée]sid[ée]e?s?|dirig[ée]e?s?|coordonn[ée]e?s?|pilot[ée]e?s?|men[ée]e?s?|"
    r"chaired|led|headed|coordinated|managed|run)\s+(par|by)\s*$",
    re.IGNORECASE,
)

#: French and English given names, to tell "Pauline MAY" (a person) from "Rome Lyon" (not).
#: Common names only; NER and context (roles, e-mails, contact blocks) find the others.
GIVEN_NAMES: frozenset[str] = frozenset("""
adam adele adrien agnes alain alexandra alexandre alexis alice aline amandine amelie anais andre andrea
andreas angela angelique anna anne annie antoine antonio arnaud audrey aurelie aurelien baptiste barbara
benedicte benjamin benoit bernard bertrand brigitte bruno camille carlos carole caroline catherine cecile
celine charles charlotte chantal christian christine christophe claire claude clement clementine colette
constance corinne cyril damien daniel daniele david delphine denis didier dominique edouard elena eliane
elisabeth elise elodie emilie emma emmanuel emmanuelle eric estelle etienne eva fabien fabienne fabrice
fabrizio florence florian francis francisco francois francoise frederic frederique gabriel gael gerard
gilles guillaume helene henri herve hugo hugues isabelle jacques jan jean jeanne jerome joelle johan
jonathan jordi jose joseph julia julie julien juliette karine karim katarina laetitia laura laure
laurence laurent lea leo lionel lise louis louise luc luca lucie lucas ludovic magali manon marc marco
marcel margaux maria marie marina marine mario mark marta martin martine mathieu mathilde matthieu
maurice maxime melanie michel michele michael mickael milena miroslav monique muriel myriam nadia
natalia nathalie nicolas nina noemie olivier pascal pascale patricia patrick paul pauline peter
philippe pierre raphael raymond regis remi renaud rene richard robert roger romain rosa sabine sandra
sandrine sarah sebastien serge simon simone sladana sofia sonia sophie stefan stephane stephanie susanne
sylvie thierry thomas valentin valerie vanessa vera veronique victor victoria vincent virginie xavier
yann yannick yves zoran ana ivana ivan dragan milan marko nikola jelena dusan aleksandar aleksandra
goran vesna tanja snezana elke kelmend besnik arben edi erion dritan ilir jovan kemal emir amra
amina adnan mirza haris selma lejla enis nermin sanja mirela petra tomas jana katerina pavel piotr
anna agnieszka katarzyna magdalena tomasz krzysztof lars erik anders ingrid astrid sven nils jens
hans klaus jurgen wolfgang ursula stefanie markus michaela georg franz helmut gunter johanna
giovanni giuseppe francesca giulia alessandro alessandra paolo stefano roberto chiara valentina
matteo federico lorenzo carla elisa javier miguel carmen pilar manuel juan luis pablo lucia elena
ana isabel joao pedro rui ines helena john james william george charles edward david michael paul
peter mark andrew richard robert thomas christopher daniel matthew anthony steven kevin brian
jennifer linda elizabeth susan jessica sarah karen nancy lisa margaret emily emma olivia sophia
mary patricia barbara helen ruth kate rachel rebecca amy laura hannah grace lucy ellen frank
""".split())

# --- relation triggers ------------------------------------------------------------------
# Each trigger is a regex on the folded text between or around mentions. Folded text: lower
# case, accents removed, punctuation and apostrophes turned into single spaces.
DET = r"(?:(?:le|la|les|l|un|une|des|du|de|d|son|sa|ses|leur|leurs|the|a|an|its|their)\s+)*"
