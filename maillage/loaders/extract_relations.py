"""Typed relations stated in a sentence, from trigger phrases that generalise.

A sentence is seen as its mentions (actor occurrences, in order) and the text between them.
A trigger (a verb, a preposition, a noun such as "partenariat") found in the folded sentence
takes its arguments from the mentions around it:

- ``active``: subject on the left (the first free mention of the clause), objects on the
  right (the first mention after the trigger, and the list that follows it);
- ``passive``: patient on the left (the nearest mention before the trigger), agents on the
  right ("soutenu par A et B" -> A supports X, B supports X);
- ``prep``: like active, but the objects are consumed: they cannot be a later verb's subject
  ("X, en partenariat avec A et B, organise E": X organises E, not B).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as _re_constants  # the parsed form of the trigger patterns
from re import _parser as _re_parser

from ..schema import ORGANISATION_TYPES, PLACE_TYPES
from ..text import collapse_folded, fold_chars, matches_at, strip_accents

ORG = frozenset(ORGANISATION_TYPES)
ORG_CITY = ORG | {"city", "country"}
ANY_ACTOR = ORG_CITY | {"person"}
EVENTISH = frozenset({"event", "programme"})
PLACES = frozenset(PLACE_TYPES)
NOT_PLACE = ORG | {"person", "event", "programme"}


@dataclass
class M:
    """A mention in a sentence: offsets in the document, the actor key and type."""

    start: int
    end: int
    key: str
    type: str
    anaphoric: bool = False


@dataclass(frozen=True)
class Trigger:
    rel: str
    pattern: re.Pattern[str]
    mode: str  # active | passive | prep
    src_types: frozenset[str]
    tgt_types: frozenset[str]
    max_gap: int = 60  # folded characters between the trigger and its first object
    #: whether the agents of a passive trigger are taken even when it finds no patient ("Le projet est
    #: financé par A, avec le soutien de B": A is not what B supports)
    claims_agents: bool = True


def _t(rel: str, words: str, mode: str, src: frozenset[str], tgt: frozenset[str], max_gap: int = 60,
       claims_agents: bool = True) -> Trigger:
    return Trigger(rel, re.compile(r"(?<![a-z0-9])(?:" + words + r")(?![a-z0-9])"), mode, src, tgt, max_gap,
                   claims_agents)


_BY = r"(?:\s+\w+){0,2}?\s+(?:par|by)"
#: an amount or a form of money (folded), given to or received from someone
_MONEY = (r"eur|euros?|millions?|milliards?|subventions?|grants?|financements?|funding|fonds|contributions? financieres?|"
          r"financial contributions?|dotations?|enveloppes?")
#: adjectives of a continental, world-regional or thematic section (folded)
_CONTINENTAL = (r"(?:europeenne|africaine|asiatique|americaine|latino americaine|mediterraneenne|metropolitaine|"
                r"regionale|continentale|mondiale|thematique|european|african|asian|american|latin american|"
                r"mediterranean|metropolitan|regional|continental|world|thematic|eurasian|eurasienne|"
                r"arabe|arab|pacifique|pacific|nord americaine|north american)(?![a-z])")
_OF = r"(?:de|du|des|d|of|from)"
#: "bénéficie du soutien de", "receives funding from": the subject is the beneficiary
_BENEFIT = (r"(?:beneficie|beneficient|a beneficie|ont beneficie|beneficiera|beneficieront|benefits|benefit|benefited|"
            r"benefitted|receives|received|receive|recoit|recoivent|a recu|ont recu|obtient|obtiennent|"
            r"(?:a|ont) obtenu|obtained|obtains|enjoys|enjoyed)(?: from| de| d)?\s+(?:(?:du|de la|de l|d un|d une|des|le|la|l|"
            r"un|une|the|a|an)\s+)?")

TRIGGERS: tuple[Trigger, ...] = (
    # --- passive: agent after "par / by" ---------------------------------------------
    _t("funds", r"(?:co ?)?financ(?:e|ee|es|ees)" + _BY + r"|subventionn(?:e|ee|es|ees)" + _BY
       + r"|soutenu(?:e|s|es)? financierement" + _BY + r"|(?:co ?)?funded" + _BY + r"|financed" + _BY
       + r"|financially supported" + _BY + r"|supported financially" + _BY,
       "passive", ORG_CITY, NOT_PLACE),
    _t("funds", r"(?:avec|grace a|grace aux?|with|thanks to)\s+(?:le |la |l |un |une |the |a |an )?(?:soutien financier|concours financier|"
       r"appui financier|financement|cofinancement|co financement|financial support|funding|financing|co funding|"
       r"subvention|subventions|grant)(?:\s+\w+)?\s+" + _OF,
       "passive_subject", ORG_CITY, NOT_PLACE),
    _t("funds", _BENEFIT + r"(?:(?:\w+ ){0,2}?(?:soutien financier|appui financier|financement|financements|"
       r"cofinancement|funding|financing|financial support|grant|grants|subvention|subventions))(?:\s+\w+)?\s+" + _OF,
       "passive_subject", ORG_CITY, NOT_PLACE),
    # "SKGO received EUR 200,000 from the EU", "a reçu une subvention de l'AFD"
    _t("funds", r"(?:received|receives|receive|(?:a|ont) recu|recoit|recoivent|recevra|obtained|obtains|"
       r"(?:a|ont) obtenu|obtient|obtiennent|secured|was awarded|were awarded|has been awarded)"
       r"(?: \w+){0,5}? (?:" + _MONEY + r")(?: \w+){0,4}? (?:from|de|du|des|d)",
       "passive_subject", ORG_CITY, NOT_PLACE),
    _t("supports", _BENEFIT + r"(?:(?:\w+ ){0,2}?(?:soutien|appui|support|backing|aide|help|assistance|"
       r"accompagnement|expertise))(?! financ)(?:\s+\w+)?\s+" + _OF,
       "passive_subject", ORG_CITY | {"person"}, NOT_PLACE),
    _t("supports", r"soutenu(?:e|s|es)?(?! financierement)" + _BY + r"|appuy(?:e|ee|es|ees)" + _BY + r"|accompagn(?:e|ee|es|ees)" + _BY
       + r"|parrain(?:e|ee|es|ees)" + _BY + r"|supported" + _BY + r"|backed" + _BY + r"|sponsored" + _BY
       + r"|sous le (?:haut )?patronage " + _OF + r"|under the (?:high )?patronage of",
       "passive", ORG_CITY | {"person"}, NOT_PLACE),
    _t("supports", r"(?:avec|grace a|grace aux?|with|thanks to)\s+(?:le |la |l |un |une |the |a |an )?(?:soutien|appui|concours|support|aide|"
       r"help|backing|parrainage)(?:\s+\w+)?\s+" + _OF,
       "passive_subject", ORG_CITY | {"person"}, NOT_PLACE),
    _t("organises", r"(?:co ?)?organis(?:e|ee|es|ees)" + _BY + r"|(?:co ?)?organi[sz]ed" + _BY + r"|lanc(?:e|ee|es|ees)" + _BY
       + r"|launched" + _BY + r"|initiated" + _BY + r"|convened" + _BY + r"|propos(?:e|ee|es|ees)" + _BY
       + r"|coordonn(?:e|ee|es|ees)" + _BY + r"|coordinated" + _BY + r"|pilot(?:e|ee|es|ees)" + _BY
       + r"|adopt(?:e|ee|es|ees)" + _BY + r"|adopted" + _BY
       + r"|led" + _BY + r"|run" + _BY
       + r"|a l initiative " + _OF + r"|(?:at|on) the initiative of",
       "passive", ORG_CITY | {"person"}, EVENTISH | ORG),
    # "le programme P est mis en œuvre par A", "implemented by A": A runs P; with no P named, nothing is
    # said of A ("mis en œuvre par A, cofinancé par B": B may fund A)
    _t("organises", r"implemented" + _BY + r"|managed" + _BY + r"|administered" + _BY
       + r"|mis(?:e|es)? en (?:oe|œ)uvre" + _BY + r"|ger(?:e|ee|es|ees)" + _BY,
       "passive", ORG_CITY, EVENTISH | ORG, claims_agents=False),
    _t("hosts", r"accueilli(?:e|s|es)?" + _BY + r"|heberg(?:e|ee|es|ees)" + _BY + r"|hosted" + _BY + r"|welcomed" + _BY
       + r"|a l invitation " + _OF + r"|at the invitation of|sur invitation " + _OF + r"|on the invitation of",
       "passive", ORG_CITY, frozenset({"event"})),
    # --- prepositions that take a list: the list is consumed ------------------------------
    _t("partner_of", r"en (?:etroit )?partenariat avec|in (?:close )?partnership with|en collaboration avec|"
       r"in (?:close )?collaboration with|en (?:etroite )?cooperation avec|in (?:close )?cooperation with|en etroite collaboration avec|conjointement avec|jointly with|"
       r"together with|aux cotes " + _OF + r"|alongside|avec (?:ses|leurs) partenaires", "prep", ORG_CITY, ORG_CITY),
    _t("hosts", r"au siege " + _OF + r"|dans les locaux " + _OF + r"|at the (?:headquarters|premises|seat) of|"
       r"a l hotel de ville " + _OF + r"|a la mairie " + _OF, "host_place", ORG_CITY, frozenset({"event"}), 20),
    # "Nathalie Koenders, speaking on behalf of CEMR", "Au nom du CCRE, N. Koenders …": she works for it
    _t("works_for", r"on behalf of|au nom (?:de|du|des|d)", "prep", frozenset({"person"}), ORG, 12),
    # --- active verbs ---------------------------------------------------------------------
    _t("member_of", r"(?:est|sont|etait|devient|deviennent|is|are|was|were|became|has become|have become)?\s*"
       r"(?:un |une |a |an |the )?(?:membre|membres|member|members|adherent|adherente|adherents)"
       r"(?: fondateur| fondateurs| fondatrice| actif| actifs| active| associe| associee| founding| full| associate| permanent)?"
       r"(?: a la fois| both| aussi| also| egalement)?\s+" + _OF + r"|(?:a|ont) rejoint|rejoint|rejoignent|adhere a|adherent a|joined(?! forces)|joins(?! forces)|belongs to|belong to|"
       r"appartient a|appartiennent a|fait partie du reseau|font partie du reseau|is affiliated (?:to|with)|"
       r"affilie(?:e|s|es)? a|"
       # "la section française de", "the Italian section of": a national section is a member; the
       # continental and thematic sections (next trigger) are parts
       r"(?:la |the )?(?:section|branche|branch) (?!" + _CONTINENTAL + r")[a-z]+\s+" + _OF
       + r"|(?:the )?(?!" + _CONTINENTAL + r")[a-z]+ (?:section|branch) " + _OF,
       "active", ORG_CITY, ORG, 40),
    # a continental or thematic section is a branch of the world organisation, not a member of it
    _t("part_of", r"(?:la |the )?(?:section|branche|branch|antenne|chapitre|chapter) " + _CONTINENTAL + r"\s+" + _OF
       + r"|(?:the )?" + _CONTINENTAL + r" (?:section|branch|chapter) " + _OF, "active", ORG, ORG, 40),
    _t("member_of", r"(?:regroupe|regroupent|reunit|reunissent|rassemble|rassemblent|federe|federent|"
       r"compte parmi ses membres|compte parmi ses adherents|comprend|comprennent|brings together|gathers|"
       r"members include|membres sont|membres comptent|membres incluent|its members are|has as members|"
       r"counts among its members)", "gathers", ORG, ORG_CITY, 40),
    _t("secretariat_of", r"(?:assure|assurent|assurera|assume|assumes|hosts|host|heberge|hebergent|provides|provide|"
       r"holds|hold|runs|run|tient|tiennent|running|hosting|providing|holding|managing|manages|manage|ran|hosted|"
       r"provided|held|managed)\s+(?:\w+ment\s+|also\s+|aussi\s+)?(?:le |la |the )?secretariat\s+" + _OF
       + r"|(?:acts?|acted|acting|serves?|served|serving|functions?|functioned) as (?:the |its )?(?:\w+ )?secretariat (?:of|for|to)"
       + r"|(?:fait|font|faisait) office de secretariat (?:\w+ )?" + _OF + r"|(?:sert|servent) de secretariat (?:\w+ )?" + _OF
       + r"|assure(?:nt)? les fonctions de secretariat " + _OF,
       "active", ORG, ORG | EVENTISH, 30),
    # "le secrétariat de X est assuré par Y", "the X secretariat is hosted by Y": Y is X's secretariat
    _t("secretariat_of", r"secretariat(?: \w+){0,8}? (?:est |sont |is |are |was |sera |will be |has been |a ete |etait )?"
       r"(?:\w+ment |also |aussi |now |desormais )?(?:assure|assuree|heberge|hebergee|tenu|tenue|gere|geree|provided|"
       r"hosted|run|held|managed|ensured|housed|abrite|abritee|handled)\s+(?:par|by)", "secretariat_passive", ORG, ORG, 30),
    _t("organises", r"organise|organisent|organisera|organiseront|organisait|organisaient|(?:a|ont|avait|avaient) organise|"
       r"co organise|coorganise|organi[sz]es|organi[sz]ed|will organi[sz]e|(?:is|are) organi[sz]ing|"
       r"convenes|convened|(?:a|ont) convie|(?<!was )(?<!were )(?<!is )(?<!are )(?<!be )(?<!been )held|holds|(?:will |to |shall )hold|"
       r"(?:a|ont|avait|avaient) tenu|tiendra|tiendront|(?:a|ont|avait|avaient) reuni|reunira|reuniront|"
       r"propose|proposent|proposera|(?:a|ont) propose",
       "active", ORG_CITY | {"person"}, EVENTISH, 60),
    _t("organises", r"lance|lancent|lancera|(?:a|ont) lance|launches|launched|will launch|(?:a|ont) cree|created|"
       r"set up|(?:a|ont|avait) pris l initiative (?:de|d)",
       "active", ORG_CITY, EVENTISH | ORG, 220),
    # "NALAS manages the programme P", "A met en œuvre le programme P": A runs P
    _t("organises", r"implements|implement|implemented|manages|manage|managed|administers|administered|"
       r"met en (?:oe|œ)uvre|mettent en (?:oe|œ)uvre|mettra en (?:oe|œ)uvre|(?:a|ont) mis en (?:oe|œ)uvre|gere|gerent|gerera|(?:a|ont) gere",
       "active", ORG_CITY, frozenset({"programme"}), 40),
    # "Kelmend Zajazi, qui dirige NALAS", "who chairs the Committee": a person at the head of an organisation
    _t("works_for", r"(?:dirige|dirigeait|dirigera|(?:a|avait) dirige|preside|presidait|presidera|(?:a|avait) preside|"
       r"heads|headed|leads|chairs|chaired|directs|directed|presides over|presided over|is the head of|"
       r"est a la tete (?:de|du|d)|is at the head of)(?! par| by)",
       "active", frozenset({"person"}), ORG, 30),
    # "the city, which hosted the event", "la Ville accueillera la rencontre"
    _t("hosts", r"hosted|hosts|will host|(?:is|are) hosting|accueille|accueillent|accueillera|accueilleront|"
       r"(?:a|ont|avait|avaient) accueilli",
       "active", ORG_CITY, frozenset({"event"}), 30),
    _t("funds", r"finance|financent|financera|(?:a|ont) finance|cofinance|cofinancent|co finance|funds|fund|"
       r"co funds|finances|subventionne|(?:a|ont) subventionne|grants? funding to|provides? funding (?:to|for)|"
       r"apporte un financement a|accorde une subvention a|"
       r"(?:prend|prennent|prendra|a pris|ont pris) en charge (?:\w+ ){0,4}?(?:financement|cout|couts|frais|depenses) " + _OF
       + r"|(?:contribue|contribuent|contribuera|(?:a|ont) contribue|participe|participent|(?:a|ont) participe) "
       r"(?:au|a son|a leur) (?:financement|budget) " + _OF
       + r"|(?:contributes?|contributed) (?:financially )?to the (?:funding|financing|budget) of|(?:co )?funded|financed",
       "active", ORG_CITY, NOT_PLACE, 50),
    # "contributed EUR 1.5 million to P", "a octroyé une subvention à A", "awarded a grant to A"
    _t("funds", r"(?:contribue|contribuent|contribuera|(?:a|ont) contribue|contributes|contribute|contributed|"
       r"alloue|allouent|allouera|(?:a|ont) alloue|allocates|allocate|allocated|octroie|octroient|octroiera|"
       r"(?:a|ont) octroye|accorde|accordent|accordera|(?:a|ont) accorde|awards|award|awarded|grants|granted|"
       r"verse|versent|versera|(?:a|ont) verse|disburses|disbursed|provides|provide|provided|will provide|"
       r"apporte|apportent|apportera|(?:a|ont) apporte|(?:a|ont) mis a disposition|made available)"
       r"(?: \w+){0,6}? (?:" + _MONEY + r"|financial support|soutien financier|appui financier)(?: \w+){0,4}? "
       r"(?:to|a|au|aux)",
       "active", ORG_CITY, NOT_PLACE, 50),
    # "provides technical assistance to A", "apporte son expertise à A"
    _t("supports", r"(?:provides|provide|provided|will provide|offers|offer|offered|apporte|apportent|apportera|"
       r"(?:a|ont) apporte|fournit|fournissent|(?:a|ont) fourni|offre|offrent|(?:a|ont) offert)"
       r"(?: \w+){0,3}? (?<!financial )(?:assistance|support|expertise|soutien(?! financ)|appui(?! financ)|aide|"
       r"accompagnement|help|advice|conseils?|capacity building)(?: \w+){0,2}? (?:to|a|au|aux)",
       "active", ORG_CITY | {"person"}, NOT_PLACE, 50),
    _t("supports", r"soutient|soutiennent|soutiendra|(?:a|ont) soutenu|supports|will support|"
       r"appuie|appuient|(?:a|ont) appuye|accompagne|accompagnent|(?:a|ont) accompagne|supported|has supported|"
       r"have supported|soutenait|soutenaient|backs|backed",
       "active", ORG_CITY | {"person"}, NOT_PLACE, 50),
    _t("meets", r"(?:a|ont|avait|avaient) rencontre|rencontre|rencontrent|rencontrera|rencontreront|"
       r"(?:a|ont) recu|recoit|met with|meets with|met|meets|will meet|received|receives|"
       r"s est entretenu(?:e)? avec|s entretient avec|(?:a|ont) echange avec|echange avec|"
       r"(?:discussion|discussions|reunion|entretien|entrevue|echange|dialogue)(?:\s+\w+){0,2}?\s+avec|"
       r"(?:discussion|discussions|talks|meeting|exchange|dialogue)(?:\s+\w+){0,2}?\s+with",
       "active", ANY_ACTOR - {"country"}, ANY_ACTOR - PLACES, 70),
    _t("partner_of", r"partenaire|partenaires|partner|partners|partenariat|partnership|partnered|"
       r"(?:coopere|cooperent|cooperates|cooperate|cooperated|cooperating|collabore|collaborent|collaborates|"
       r"collaborate|collaborated|collaborating|travaille|travaillent|works|work|working|worked)"
       r"(?: closely| together| jointly| etroitement| ensemble| activement| actively)? (?:avec|with)|(?:a|ont|avait|avaient) signe (?:un |une |des )?(?:\w+ ){0,2}?(?:accord|convention|"
       r"protocole|memorandum|lettre d intention)s?(?: \w+){0,3}? avec|signed (?:a |an )?(?:\w+ ){0,3}?(?:agreements?|memorand(?:um|a)|"
       r"conventions?|protocols?|letters? of intent)(?: of understanding)? with|s associe a|s associent a|teamed up with|"
       r"joined forces with|joins forces with|(?:a|ont) uni (?:ses|leurs) forces (?:a|avec)|unit (?:ses|leurs) forces (?:a|avec)|"
       r"jumel(?:e|ee|es|ees)(?: \w+){0,3}? avec|twinned(?: \w+){0,3}? with|sister (?:city|town|cities|towns) (?:of|to|with)|"
       r"villes? jumelles? (?:de|du|d)|twin (?:city|town) of|jumelage avec|twinning (?:\w+ )?with",
       "active", ORG_CITY, ORG_CITY, 90),
    _t("partner_of", r"(?:partenariat|partnership|cooperation|collaboration|accord|agreement|convention|protocole|"
       r"protocol|memorandum|jumelage|twinning)(?: \w+){0,4}? (?:entre|between)",
       "between", ORG_CITY, ORG_CITY, 12),
    _t("part_of", r"(?:fait|font) partie (?:de|du|des|d)|(?:is|are) part of|releve (?:de|du|d)|relevent (?:de|du|d)|"
       r"depend (?:de|du|d)|dependent (?:de|du|d)|rattache(?:e|s|es)? a|place(?:e|s|es)? sous l autorite (?:de|du|d)|"
       r"(?:is|are) attached to|under the authority of",
       "active", ORG, ORG, 30),
    _t("participates_in", r"(?:(?:a|ont|avait|avaient) )?(?:participe|participent|participera|participeront|"
       r"prend part|prennent part|prendra part|prendront part|pris part)(?= (?:a|au|aux)(?![a-z0-9]))(?! (?:a|au|aux) (?:son |leur )?(?:financement|budget|cout))|takes? part in|"
       r"took part in|will take part in|(?:is|are|was|were) taking part in|(?:is|are|was|were) participating in|"
       r"participates? in|participated in|attended|attends|will attend|joined|joins|will join|"
       r"(?:sera|seront|etait|etaient|est|sont) (?:present|represente)(?:e|s|es)? (?:a|au|aux|lors)|intervient a|interviendra a|"
       r"speaks? at|spoke at|(?:was|were|will be|is|are) (?:present|represented) at|"
       r"(?:(?:a|ont|avait|avaient) )?(?:assiste|assistent|assistera|assisteront)(?= (?:a|au|aux)(?![a-z0-9]))|"
       r"a l occasion (?:de|du|des|d)|on the occasion of|lors (?:de|du|des|d)|during",
       "active", ANY_ACTOR, EVENTISH, 40),
    _t("part_of", r"(?:son|sa|its)\s+(?:organisation|organization|reseau|network|federation|association|section)"
       r"(?:\s+(?:mondiale|globale|europeenne|internationale|world|global|european|international|mere|parent))?",
       "possessive_parent", ORG, ORG, 4),
    _t("participates_in", r"implique|impliquent|impliquera|involves|involve|will involve|associe a ses activites|"
       r"associe|associent|associates", "involves", ORG | EVENTISH, ORG_CITY, 30),
    # "A … et son programme / sa facilité de financement B": A runs B
    _t("organises", r"(?:son|sa|ses|its|their|leur|leurs)\s+(?:programme|program|facilite|facility|dispositif|"
       r"instrument|initiative|fonds|fund|appel|call)(?: \w+){0,3}?", "possessive_parent", ORG, frozenset({"programme"}), 30),
    _t("participates_in", r"aux|au|a la|a l|at the|at", "adjacent", ANY_ACTOR, frozenset({"event"}), 2),
    _t("located_in", r"(?:qui |qui aura lieu |aura lieu |a eu lieu |se tiendra |se tiendront |se tient |s est tenu |"
       r"s est tenue |se deroulera |se deroule |s est deroule |s est deroulee |takes place |took place |"
       r"will take place |(?:is |was |will be )?held |based |headquartered |situe |situee |basee? |"
       r"dont le siege est |whose headquarters are |installe |installee |met |meets |will meet |gathered |"
       r"se trouve |se trouvent |(?:is |are )?located |(?:est |sont )?situee?s? |"
       r"convened |s est reuni |s est reunie |se reunit |se reunira |se sont reunis )?(?:a|en|au|in|at)",
       "locative", ORG | EVENTISH, PLACES, 3),
)

#: "des représentants de A et de B présenteront …" -> A, B participate in the document's event
_REPRESENTATIVES = re.compile(
    r"(?<![a-z])(?:representants?|representantes?|representatives?|delegations?|delegues?|deleguees?|elus?|"
    r"officials?|experts?|responsables?)\s+(?:de|du|des|d|of|from)\b")
_PARTICIPATION_VERB = re.compile(
    r"(?<![a-z])(?:presenteront|presentera|interviendront|interviendra|participeront|participera|temoigneront|"
    r"prendront la parole|seront presents|will present|will speak|will take part|will attend|will participate|"
    r"presented|presenterent|sont intervenus|ont presente|ont participe|took part|attended|a presente|a participe|"
    r"est intervenue?|spoke|addressed|a pris la parole)(?![a-z])")
#: taking part in an event that the sentence does not name
_TAKES_PART = re.compile(
    r"(?<![a-z])(?:attended|attend|will attend|took part|take part|takes part|will take part|participated|"
    r"participates|y (?:ont )?particip\w+|y (?:ont )?assist\w+|ont participe|a participe|participeront|participera|"
    r"temoigneront|temoignera|ont temoigne|a temoigne|interviendront|interviendra|sont intervenus|est intervenue?|"
    r"prendront la parole|ont pris la parole|a pris la parole|will speak|spoke|will present|"
    r"(?:speakers|intervenants|panellists|panelists|orateurs) (?:include|included|were|are|sont|seront|etaient|comptent)|"
    r"(?:as|en tant qu|en qualite d) (?:observers?|observateurs?|observatrices?|guests?|invites?))(?![a-z])")
_INVERTED = re.compile(r"\s*(?:notamment|also|aussi|egalement|including|:)?\s*(?:(?:le|la|les|l|the)\s+)?")
#: "Le CCRE réunira son Comité politique à Malaga", "X convenes its General Assembly in Riga": the
#: subject organises the event the document is about, held in the city that follows
_CONVENES = re.compile(r"(?<![a-z])(?:reunira|reuniront|reunit|reunissent|a reuni|ont reuni|convenes|convene|convened|"
                       r"will convene|tiendra|tiendront|will hold|holds)\s+(?:son|sa|ses|leur|leurs|its|their)\s+")
#: "X vous invite à …", "X invites you to …": the inviter organises the event the document is about
_INVITES = re.compile(r"(?<![a-z])(?:vous (?:invite|invitent|convie|convient) a|(?:vous )?(?:donne|donnent|donnera|donneront) "
                      r"rendez vous|(?:invites|invite|cordially invites|is pleased to invite|are pleased to invite) you to)"
                      r"(?![a-z])")
#: "with the participation of A and B", "avec la participation de A": A takes part in the event
_WITH_PARTICIPATION = re.compile(r"(?<![a-z])(?:with the (?:active )?participation of|avec la (?:participation|contribution) "
                                 r"(?:active )?(?:de|du|des|d)|with contributions from|avec des contributions (?:de|du|des|d))"
                                 r"(?![a-z])")
#: "… dans le cadre du Forum", "on the sidelines of the summit": the subject takes part in that event
_WITHIN_EVENT = re.compile(r"(?<![a-z])(?:dans le cadre|en marge|in the framework|on the (?:sidelines|margins)|"
                           r"in the margins?|as part)\s+(?:du|de la|de l|des|of the|of)\s*")
#: "au Palais des congrès de Paris", "in Paris", "at the City Hall of Riga": a city where something takes place
_VENUE_CITY = re.compile(r"(?:^|\s)(?:a|au|in|at|en)\s+(?:(?:the|le|la|l)\s+)?(?:\w+\s+){0,4}?(?:(?:de|of|d)\s+)?$")
#: "A et B se rencontrent", "A and B met"
_RECIPROCAL_MEET = re.compile(r"(?<![a-z])(?:se rencontrent|se sont rencontres|se rencontreront|se reunissent|"
                              r"se sont reunis|met|meet|have met|will meet|se retrouvent)(?![a-z])")
#: "À Lyon, …", "In Skopje, …", "depuis Bruxelles": a place in an adverbial is not a subject
_PLACE_ADVERBIAL = re.compile(r"(?<![a-z])(?:a|au|aux|en|dans|depuis|in|at|from|near|pres de)\s*(?:(?:la|le|les|l|the)\s*)?$")
#: past participles that are also past tenses: active only with their subject just before
_PARTICIPLE = re.compile(r"supported|backed|funded|co funded|financed")
#: "the meeting", "cette session": an event named by an ordinary noun
_GENERIC_EVENT = re.compile(r"\s*(?:(?:a|au|aux|a la|a l|the|this|these|its|their|cette|ce|cet|ces|la|le|les|l|sa|son|ses)\s+)?"
                            r"(?:\w+\s+){0,2}?(?:meeting|meetings|session|sessions|reunion|reunions|conference|seminar|"
                            r"seminaire|workshop|atelier|forum|event|evenement|rencontre|rencontres|assembly|assemblee|"
                            r"plenary|pleniere|summit|sommet|exchange|echange|visit|visite|webinar|webinaire)(?![a-z])")
#: a sentence whose subject is an event named by an ordinary noun: "Cette session annuelle est …"
_GENERIC_EVENT_SUBJECT = re.compile(
    r"\s*(?:(?:\w+ ){0,3}?\d{4} |en \d{4} |in \d{4} )?(?:the|this|that|its|their|cette|ce|cet|la|le|l|sa|son|leur)\s+"
    r"(?:\w+\s+){0,3}?(?:meeting|session|reunion|conference|seminar|seminaire|workshop|atelier|forum|event|evenement|"
    r"rencontre|rencontres|assembly|assemblee|plenary|pleniere|summit|sommet|exchange|echange|visit|visite|webinar|"
    r"webinaire|edition)(?![a-z])")
#: the end of a fronted phrase, before the subject of the main clause: a comma and an article at most
_COMMA_ARTICLE = r",\s*(?:(?:le|la|les|l|the)\s*)?"
_FRONTED_GAP = re.compile(r"\s*\)?\s*" + _COMMA_ARTICLE)
#: the same after a membership ("Membre de NALAS depuis 2001, SKGO …"): a date may close the phrase
_FRONTED_APPOSITION = re.compile(r"\s*\)?\s*(?:(?:depuis|since|from|en|in)\s+(?:\w+\s+)?\d{4}\s*)?" + _COMMA_ARTICLE)
#: an amount or a grant right after a verb ("a reçu 200 000 euros", "received a grant")
_MONEY_NEXT = re.compile(r"\s*(?:\w+ ){0,3}?(?:eur|euros?|\d[\d ]*(?:eur|euros?|million|millions)?|subventions?|grants?|"
                         r"financements?|funding|fonds|dotations?)(?![a-z])")
#: "le partenariat du CCRE avec CGLU": a partnership of the first with the second
_PARTNERSHIP_OF_WITH = re.compile(r"(?<![a-z])(?:partenariat|cooperation|collaboration|partnership)\s+(?:du|de la|de l|des|de|d)"
                                  r"(?=\s)")
#: "NALAS welcomed SKGO as a new member", "NALAS a accueilli SKGO comme nouveau membre"
_WELCOMED_MEMBER = re.compile(r"(?<![a-z])(?:welcomed|welcomes|welcome|will welcome|(?:a|ont) accueilli|accueille|accueillent|"
                              r"accueillera)(?![a-z])")
_AS_MEMBER = re.compile(r"\s*(?:as|comme|en tant que|en qualite de)\s+(?:(?:a|an|un|une|its|son|sa|leur|their)\s+)?"
                        r"(?:(?:new|nouveau|nouvelle|nouveaux|nouvelles|full|associate|associe|associee|\d+\w*)\s+)?"
                        r"(?:member|members|membre|membres|adherent|adherente)(?![a-z])")
#: "the Forum is an annual event of NALAS", "est un événement annuel de NALAS": NALAS organises it
_EVENT_OF = re.compile(r"(?<![a-z])(?:is|was|est|etait|sera|will be)\s+(?:an?|un|une|the|le|la|l)\s+(?:\w+\s+){0,2}?"
                       r"(?:event|evenement|rendez vous|conference|forum|meeting|gathering|initiative|flagship event)"
                       r"(?:\s+\w+){0,2}?\s+(?:of|de|du|d|by|organised by|organized by|organise par|organisee par)(?![a-z])")
#: "A, a CEMR member, …": the apposition names the network A is a member (or a partner) of
_ORG_MEMBER_APPOSITION = re.compile(r"\s*(?:member|membre|partner|partenaire)(?![a-z])(?! states?(?![a-z])| etats?(?![a-z]))")
#: the words of such an apposition anywhere in a sentence (opens the gate of sentence_relations)
_MEMBER_WORD = re.compile(r"(?<![a-z])(?:member|membre|partner|partenaire)(?![a-z])")
#: "the forum brought together A, B and C", "les Assises ont réuni A et B": they took part in the event
_EVENT_GATHERS = re.compile(
    r"(?<![a-z])(?:(?:a|ont|avait|avaient) (?:reuni|rassemble)|reunit|reunissent|reunira|reuniront|rassemble|"
    r"rassemblent|rassemblera|rassembleront|brought together|brings together|bring together|will bring together|"
    r"gathered|gathers|will gather)(?![a-z])")
#: "A et B sont partenaires", "A and B have a long-standing partnership": a partnership of the subjects
_RECIPROCAL_PARTNERS = re.compile(
    r"(?<![a-z])(?:(?:sont|etaient|sont devenus|sont devenues|restent|are|were|have been|became|remain)\s+"
    r"(?:\w+ment\s+|also\s+|aussi\s+|long standing\s+|close\s+|strategic\s+|strategiques?\s+)?(?:partenaires|partners)"
    r"(?!\s+(?:de|du|des|d|of|in|dans|with|avec|au|aux|a|to|for|pour|sur|on)(?![a-z]))"
    r"|(?:have|has|had|ont|avaient|entretiennent|maintain|maintiennent)\s+(?:a|an|un|une)\s+(?:[\w ]+?\s+)?"
    r"(?:partnership|partenariat)(?!\s+(?:with|avec)(?![a-z])))(?![a-z])")
#: "A et B sont jumelées", "A and B are twinned"
_RECIPROCAL_TWIN = re.compile(r"(?<![a-z])(?:sont (?:\w+ )?jumelees?|sont (?:des )?villes jumelles|are (?:\w+ )?twinned|"
                              r"(?:are|were|have been|became) (?:\w+ )?(?:sister|twin) (?:cities|towns))(?![a-z])")
_RECIPROCAL_PARTNER = re.compile(r"(?<![a-z])(?:ont signe|signent|signeront|signed|sign|ont conclu|concluded|"
                                 r"renouvellent|(?:ont|avaient) renouvele|renouvelleront|renewed)(?![a-z])")
#: "A et B coopèrent", "A and B agreed to cooperate": working together is a partnership, unless with a third
_RECIPROCAL_COOPERATE = re.compile(
    r"(?<![a-z])(?:cooperent|cooperate|cooperated|cooperer|collaborate|collaborated|collaborent|collaborer|"
    r"(?:ont|avaient) coopere|(?:ont|avaient) collabore|coopereront|collaboreront|travaillent ensemble|"
    r"work together|worked together)(?![a-z])(?!(?: \w+ly| \w+ment| etroitement| closely)? (?:with|avec)(?![a-z]))")
_LIST_GAP = re.compile(r"^\s*\)?\s*(?:,|et|and|ainsi que|as well as|&|,\s*et|,\s*and|ou|or|,\s*ainsi que)\s*"
                       r"(?:(?:par|by|avec|with)\s+)?(?:(?:le|la|les|l|du|de|des|d|de la|the|of|son|sa|ses|its|their)\s+)*"
                       r"(?:(?:reseau|network|association|ville de|city of|ministere de|region|departement|"
                       r"metropole|commune de|agence|plateforme|platform)\s+)?$")
#: a member list written with semicolons: "A (SCTM); the Union of …; and B"
_SEMI_GAP = re.compile(r"^\s*\)?\s*(?:[;•\n*]|[-–—](?=\s))\s*(?:(?:et|and|ainsi que|as well as)\s+)?"
                       r"(?:(?:le|la|les|l|du|de|des|d|the|of)\s+)*$")
_CLAUSE_BREAK = re.compile(r";|:(?!\s*(?:(?:the|le|la|les|l)\s+)?$)")
_GENITIVE = re.compile(r"^\s*s\s*$")
_ATTRIBUTE_PLACE = re.compile(r"^\s*(?:\)\s*)?(?:of|from|in|de|du|d|en|au|aux|\()\s*$")
#: "Its members include A, B", "parmi ses membres figurent A", "member cities, among them A"
_POSSESSIVE_MEMBERS = re.compile(
    r"(?<![a-z])(?:(?:its|their|ses|leurs|son|sa|the (?:network|association|federation|platform|organisation|"
    r"organization|alliance|coalition) s)\s+(?:\w+\s+)?(?:members|membres|adherents)(?:\s+\w+)?"
    r"\s+(?:include|includes|including|are|were|comprise|comprises|comprennent|comprenaient|sont|etaient|"
    r"comptent|incluent|figurent|:)"
    r"|parmi (?:ses|leurs) (?:\w+ )?(?:membres|adherents)(?: fondateurs)?(?: figurent| se trouvent| on trouve| on compte)?"
    r"|among (?:its|their) (?:\w+ )?members(?: are| were)?"
    r"|(?:member|members|membres?) (?:cities|associations|regions|organisations|organizations|municipalities|towns)"
    r"|(?:villes|associations|regions|collectivites|communes|organisations) (?:membres|adherentes))(?![a-z])")
#: a preposition or an agent marker right before a list: its items are objects, not a clause's subject
_OBJECT_BEFORE = re.compile(r"(?<![a-z])(?:par|by|avec|with|aux cotes (?:de|du|des|d)|alongside|among|parmi|entre|"
                            r"between|together with|ainsi qu avec)\s*(?:(?:le|la|les|l|the)\s*)?$")
#: a share of money and where it comes from
_SHARE_FROM = re.compile(
    r"(?<![a-z])(?:\d+(?: \d+)?(?: per ?cent| percent| pour ?cent| pour cent)?|la majorite|most|l essentiel|half|la moitie|"
    r"the rest|le reste|the remainder|le solde)\s+(?:\w+\s+){0,4}?(?:came|comes|come|coming|provient|proviennent|provenait|"
    r"provenaient|vient|viennent|venait|venaient|was provided|were provided|est apporte|sont apportes|a ete apporte)"
    r"\s+(?:\w+ly\s+|directement\s+)?(?:from|de|du|des|d|by|par)(?![a-z])"
    r"|(?<![a-z])(?:the rest|le reste|the remainder|le solde|the balance)\s+(?:from|de|du|des|d)(?![a-z])")
_BUDGET = re.compile(r"(?<![a-z])(?:budget|budgets|funding|financement|financements|ressources|resources|revenue|"
                     r"revenues|recettes|income|costs|couts|contributions?|fonds|funds|eur|euros?|million|millions)(?![a-z])")
#: a count or a set of members followed by examples of them
_MEMBER_EXAMPLES = re.compile(
    r"(?<![a-z])(?:(?:\w+ ){0,2}?(?:membres|members|adherents|partenaires|partners)|"
    r"(?:made up of|composed of|consists of|compose de|composee de|constitue de|constituee de)(?: \w+){0,3}?"
    r" (?:associations|municipalities|cities|regions|organisations|organizations|networks|communes|villes|"
    r"collectivites|reseaux|federations)|"
    r"(?:l ont|l a|les ont|have|has) (?:rejointe?s?|rejoint|joined)(?: (?:it|them))?(?: \w+){0,2}?)"
    r"\s*,?\s*(?:dont|including|among them|among whom|among which|such as|notamment|comme|tels? que|telles? que|"
    r"parmi lesquel(?:le)?s|e g|for example|for instance|par exemple)(?![a-z])")
_POSSESSIVE_SEAT = re.compile(
    r"(?<![a-z])(?:son|sa|its|their|leur)\s+(?:\w+\s+)?(?:secretariat|siege|headquarters|head office|seat)(?:\s+\w+)?\s+"
    r"(?:est |sont |is |are |sera |will be |has been |a ete )?(?:\w+ment |also |now )?(?:installe|installee|base|basee|"
    r"situe|situee|etabli|etablie|based|located|hosted|established|heberge|hebergee)?\s*(?:a|in|en|au)(?![a-z])")
_WHOSE_MEMBER = re.compile(r"(?:^|\s)(?:dont|of which|of whom)(?=\s)")
_WHOSE_MEMBER_TAIL = re.compile(r"\s+(?:est|sont|etait|etaient|is|are|was|were|has been|have been|est devenue?|"
                                r"became)\s+(?:un |une |a |an |l |the )?(?:(?:\w+ )?(?:membre|membres|member|members|"
                                r"adherent|adherente|adherents|adherentes|partenaire|partenaires|partner|partners))(?![a-z])")
_MEMBERS_OF = re.compile(r"(?<![a-z])(?:parmi les|among the)\s+(?:\w+\s+)?(?:membres|members|adherents)\s+"
                         r"(?:de la|de l|du|des|de|d|of the|of)(?![a-z])")
#: the words of a seat in a locative trigger ("basée à", "headquartered in"), as opposed to an event's venue
_SEAT_WORD = re.compile(r"(?<![a-z])(?:based|headquartered|basee?s?|installee?s?|situee?s?|siege)(?![a-z])")
#: "the Brussels-based network": the organisation just named is located in that city
_BASED = re.compile(r"^-?\s?(?:based|headquartered)\b")
#: "X, qui …", "X, which …": the relative pronoun's antecedent is the subject of the verb after it
_RELATIVE = re.compile(r"(?:^|[\s,)])(?:qui|which|who)(?:\s+(?:\w+ment|also|aussi|egalement|deja|already|now|"
                       r"desormais|lui meme|elle meme|itself|a|ont|has|have|had|will|sera|est|is|are|was|were|etait|sont|"
                       r"be|been))*\s*$")
#: a participle followed by its agent: "financés par X" is not the active verb "finance"
_AGENT_NEXT = re.compile(r"^\s+(?:\w+\s+){0,2}?(?:par(?! ailleurs)|by)\s")
#: "créé en 2010", "launched in 2008": a date, not an object
_DATE_NEXT = re.compile(r"^\s*(?:in|en|on|le|au|a|depuis|since)\s+(?:\w+\s+)?\d")
#: "pays partenaires", "partner countries": partner is an attribute of a noun, not a relation
_PARTNER_ATTR = re.compile(r"^\s*(?:countries|country|cities|city|regions|municipalities|organisations|organizations|"
                           r"institutions|local|authorities|universities|pays|villes|collectivites|communes|"
                           r"organisations|institutions|territoires)\b")
_PARTNER_ATTR_BEFORE = re.compile(r"(?:pays|villes|collectivites|communes|organisations|institutions|territoires|"
                                  r"structures|acteurs)\s*$")
#: what a network gathers when it is not its members: people
_GATHERS_PEOPLE = re.compile(r"representants|representatives|elus|elected|delegates|delegues|experts|citizens|"
                             r"citoyens|participants|mayors|maires|officials|fonctionnaires|agents")
#: "comme A et B", "such as A and B": examples of the subject set just named
_EXAMPLES = re.compile(r"^\s*,?\s*(?:comme|tels? que|telles? que|notamment|dont|such as|including|among them|"
                       r"among which|parmi lesquel(?:le)?s|par exemple|for example|for instance|e g)\s+"
                       r"(?:(?:le|la|les|l|the)\s+)?$")


@dataclass
class Found:
    source: str
    target: str
    type: str
    method: str = "pattern"


# --- speed: which triggers can match a sentence, from the words it contains ------------------
# Every trigger starts with ``(?<![a-z0-9])`` then literal text ("financ", "co financ", …): a match
# starts at the start of a word, and that word begins with the first word of one of the literal
# prefixes of the pattern. Trying only the triggers one of whose prefixes begins a word of the
# sentence gives the same hits as trying them all, far faster (most sentences have no trigger).

_WORD_RUN = re.compile(r"[a-z0-9]+")
_BOUNDARY = "(?<![a-z0-9])"
#: the parsed class of ``(?![a-z0-9])``: a word ends there
_NOT_ALNUM_AHEAD = list(_re_parser.parse("(?![a-z0-9])")[0][1][1])


def _literal_prefixes(items: object, word_end: bool = True) -> tuple[set[str], bool]:
    """Literal strings one of which starts every match of the parsed regex ``items``, and whether
    they are whole matches.

    Zero-width assertions are skipped (but for ``word_end``, ``(?![a-z0-9])`` stands for a space:
    the folded text goes on with one); the walk stops at the first item that is not literal text,
    a group, an alternation or an optional or repeated part.
    """
    c = _re_constants
    out = {""}
    for op, av in items:  # type: ignore[attr-defined]
        if word_end and op is c.ASSERT_NOT and av[0] == 1 and list(av[1]) == _NOT_ALNUM_AHEAD:
            # (?![a-z0-9]): the word ends here; a space stands for "not a letter or digit"
            sub, whole = {" "}, True
        elif op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue
        elif op is c.LITERAL:
            sub, whole = {chr(av)}, True
        elif op is c.SUBPATTERN:
            if av[1] or av[2]:  # inline flags such as (?i:…)
                return out, False
            sub, whole = _literal_prefixes(av[3], word_end)
        elif op is c.BRANCH:
            parts = [_literal_prefixes(alt, word_end) for alt in av[1]]
            sub, whole = set().union(*(p for p, _ in parts)), all(w for _, w in parts)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, hi, inner = av
            sub, whole = _literal_prefixes(inner, word_end)
            if lo == 0:
                sub, whole = sub | {""}, whole and hi == 1
            else:
                whole = whole and lo == hi == 1
        else:
            return out, False
        out = {a + b for a in out for b in sub}
        if len(out) > 5000:
            return {""}, False
        if not whole:
            return out, False
    return out, True


#: the most strings a set of literal alternatives may have in :func:`_finite` and :func:`regex_factors`
_MAX_STRINGS = 400


def _finite(items: object) -> set[str] | None:
    """Every string the parsed regex ``items`` can match when they are a few literal strings (None:
    otherwise). Zero-width assertions are skipped: the set may be larger than what matches."""
    c = _re_constants
    out = {""}
    for op, av in items:  # type: ignore[attr-defined]
        sub: set[str] | None
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue
        if op is c.LITERAL:
            sub = {chr(av)}
        elif op is c.IN:
            if not all(o is c.LITERAL for o, _ in av):
                return None
            sub = {chr(a) for _, a in av}
        elif op is c.SUBPATTERN:
            sub = None if av[1] or av[2] else _finite(av[3])  # inline flags such as (?i:…): not read
        elif op is c.BRANCH:
            parts = [_finite(alt) for alt in av[1]]
            sub = None if any(p is None for p in parts) else set().union(*parts)  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[1] == 1:
            sub = _finite(av[2])
            if sub is not None and av[0] == 0:
                sub = sub | {""}
        else:
            return None
        if sub is None:
            return None
        out = {a + b for a in out for b in sub}
        if len(out) > _MAX_STRINGS:
            return None
    return out


def _best(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The more selective of two sets of required strings: longer shortest string, then fewer strings."""
    if not b or "" in b:
        return a
    if a is None or (min(map(len, b)), -len(b)) > (min(map(len, a)), -len(a)):
        return b
    return a


def _factors(items: object) -> set[str] | None:
    """Literal strings one of which every match of the parsed regex ``items`` contains (None: none found)."""
    c = _re_constants
    best: set[str] | None = None
    run = {""}  # the literal text matched by the items since the last item that is not literal
    for op, av in items:  # type: ignore[attr-defined]
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero-width: the text on either side is contiguous
        fin = _finite([(op, av)])
        if fin is not None:
            longer = {a + b for a in run for b in fin}
            if len(longer) <= _MAX_STRINGS:
                run = longer
            else:
                best, run = _best(best, run), fin
            continue
        best, run = _best(best, run), {""}
        if op is c.SUBPATTERN and not (av[1] or av[2]):
            best = _best(best, _factors(av[3]))
        elif op is c.BRANCH:
            parts = [_factors(alt) for alt in av[1]]
            if all(parts):
                best = _best(best, set().union(*parts))  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            best = _best(best, _factors(av[2]))  # matched at least once
    return _best(best, run)


def regex_factors(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Literal strings one of which every match of ``pattern`` contains (None: none found).

    A text that contains none of them has no match: a cheap test before a costly scan. Patterns
    that ignore case are not read.

    >>> sorted(regex_factors(re.compile(r"(?<![a-z])(?:se rencontrent|met|meet)(?![a-z])")))
    ['meet', 'met', 'se rencontrent']
    >>> sorted(regex_factors(re.compile(r"(?:^|\\s)(?:dont|of which)\\s+\\w+")))
    ['dont', 'of which']
    """
    if pattern.flags & re.IGNORECASE:
        return None
    found = _factors(_re_parser.parse(pattern.pattern, pattern.flags))
    return frozenset(found) if found else None


class RegexGate:
    """Which of some patterns may match a text, from one Aho-Corasick pass over it.

    A pattern whose matches all contain one of its :func:`regex_factors` is reported only when
    the text contains one of them; the others always.
    """

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        import ahocorasick

        self.always = frozenset(p for p in patterns if regex_factors(p) is None)
        table: dict[str, set[re.Pattern[str]]] = {}
        for p in patterns:
            for f in regex_factors(p) or ():
                table.setdefault(f, set()).add(p)
        self._automaton = ahocorasick.Automaton()
        for f, ps in table.items():
            self._automaton.add_word(f, frozenset(ps))
        self._empty = not table
        if table:
            self._automaton.make_automaton()

    def present(self, text: str) -> set[re.Pattern[str]]:
        """The patterns that may match somewhere in ``text``."""
        out = set(self.always)
        if not self._empty:
            for _, ps in self._automaton.iter(text):
                out |= ps
        return out


def regex_starts(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Literal strings one of which begins every match of ``pattern`` (None: none found); lower-cased
    when the pattern ignores case. Zero-width assertions before them are skipped."""
    found, _ = _literal_prefixes(_re_parser.parse(pattern.pattern, pattern.flags), word_end=False)
    if "" in found:
        return None
    return frozenset(f.lower() for f in found) if pattern.flags & re.IGNORECASE else frozenset(found)


#: characters that a pattern ignoring case matches with an ASCII letter although ``str.lower`` does not
#: give that letter (or changes the length of the text)
_CASE_ODD = re.compile("[\u0130\u0131\u017f]")


class StartScan:
    """``pattern.finditer(text)`` tried only where a match may begin: at the occurrences (found in one
    Aho-Corasick pass) of literal strings one of which begins every match, instead of at every offset.

    Parameters
    ----------
    pattern
        The pattern.
    cased, uncased
        Strings one of which begins every match: ``cased`` as written, ``uncased`` (lower-case) in
        any case; by default :func:`regex_starts` of the pattern (a plain scan when there are none).
    """

    def __init__(self, pattern: re.Pattern[str], cased: frozenset[str] | None = None,
                 uncased: frozenset[str] | None = None) -> None:
        import ahocorasick

        if cased is None and uncased is None:
            starts = regex_starts(pattern)
            if starts is not None:
                cased, uncased = (frozenset(), starts) if pattern.flags & re.IGNORECASE else (starts, frozenset())
        self.pattern = pattern
        self._plain = cased is None and uncased is None
        self._automata = []
        for strings, lower in ((cased or frozenset(), False), (uncased or frozenset(), True)):
            if strings:
                a = ahocorasick.Automaton()
                for st in strings:
                    a.add_word(st, len(st))
                a.make_automaton()
                self._automata.append((a, lower))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of ``self.pattern.finditer(text)``."""
        if self._plain or (not text.isascii() and _CASE_ODD.search(text)):
            yield from self.pattern.finditer(text)
            return
        starts: set[int] = set()
        for a, lower in self._automata:
            hay = text.lower() if lower else text
            if len(hay) != len(text):  # never without _CASE_ODD characters: to be safe
                yield from self.pattern.finditer(text)
                return
            starts.update(end - n + 1 for end, n in a.iter(hay))
        yield from matches_at(self.pattern, text, starts)


@lru_cache(maxsize=None)
def _trigger_heads(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], frozenset[str]] | None:
    """The words that may begin a match of a trigger pattern (None: any word may).

    A pair: the beginnings of such a word (``financ`` for ``financ(?:e|ee)``), and the whole
    words (``a`` for ``a organise``: the literal text goes on after the word).
    """
    if pattern.flags & re.IGNORECASE or not pattern.pattern.startswith(_BOUNDARY):
        return None
    prefixes, _ = _literal_prefixes(_re_parser.parse(pattern.pattern, pattern.flags))
    starts, words = set(), set()
    for p in prefixes:
        head = _WORD_RUN.match(p)
        if head is None:
            return None
        (words if head.end() < len(p) else starts).add(head.group())
    return tuple(sorted(starts)), frozenset(words)


@lru_cache(maxsize=None)
def _unfiltered_triggers() -> frozenset[int]:
    """Indices in TRIGGERS of the triggers whose matches may begin with any word: tried on every sentence."""
    return frozenset(i for i, t in enumerate(TRIGGERS) if _trigger_heads(t.pattern) is None)


_NOT_WORD_CHAR = re.compile(r"[^a-z0-9]")


@lru_cache(maxsize=None)
def _head_automaton() -> object:
    """Aho-Corasick automaton of the heads of the filtered triggers (:func:`_trigger_heads`): the key
    " word " or " start" gives (its length, the indices of the triggers whose matches it may begin)."""
    import ahocorasick

    keys: dict[str, set[int]] = {}
    for i, t in enumerate(TRIGGERS):
        heads = _trigger_heads(t.pattern)
        if heads is None:
            continue
        for start in heads[0]:
            keys.setdefault(f" {start}", set()).add(i)
        for word in heads[1]:
            keys.setdefault(f" {word} ", set()).add(i)
    a = ahocorasick.Automaton()
    for k, triggers in keys.items():
        a.add_word(k, (len(k), tuple(sorted(triggers))))
    a.make_automaton()
    return a


def _trigger_hits(fs: str, can: set[re.Pattern[str]] | None = None) -> list[tuple[int, int, int]]:
    """``(index in TRIGGERS, start, end)`` of every match of every trigger in the folded sentence
    ``fs``: the matches of ``TRIGGERS[i].pattern.finditer(fs)``, in TRIGGERS order.

    A filtered trigger is tried only where a match can begin (the start of a word it may begin
    with), with ``match`` at that offset, instead of scanning the sentence character by character;
    an unfiltered one only when the sentence has one of its :func:`regex_factors` (``can``: the
    patterns of :func:`_sentence_gate` that may match ``fs``, computed when not given).
    """
    if can is None:
        can = _sentence_gate().present(fs)
    at: dict[int, set[int]] = {}  # trigger index -> starts of the words it may begin with
    # the words' heads in one Aho-Corasick pass: " word " (a whole word), " start" (its beginning);
    # a word is a run of [a-z0-9] (other letters stand as spaces)
    hay = fs if fs.isascii() else _NOT_WORD_CHAR.sub(" ", fs)
    for end, (n, triggers) in _head_automaton().iter(f" {hay} "):
        p = end - n + 1  # the offset in fs of the word (after the key's leading space)
        for i in triggers:
            if i in at:
                at[i].add(p)
            else:
                at[i] = {p}
    out: list[tuple[int, int, int]] = []
    for i in sorted(_unfiltered_triggers().union(at)):
        pattern = TRIGGERS[i].pattern
        if i not in at:  # unfiltered: any word may begin a match
            if pattern in can:
                out.extend((i, m.start(), m.end()) for m in pattern.finditer(fs))
            continue
        out.extend((i, m.start(), m.end()) for m in matches_at(pattern, fs, at[i]))
    return out


def _gap(fs: str, fmap: list[int], a_end: int, b_start: int, base: int) -> str:
    """Folded text between two document offsets (inside one sentence)."""
    lo = _fidx(fmap, a_end - base)
    hi = _fidx(fmap, b_start - base)
    return fs[lo:hi]


def _fidx(fmap: list[int], off: int) -> int:
    """Index in the folded sentence of the first folded char at or after sentence offset ``off``."""
    import bisect
    return bisect.bisect_left(fmap, off)


#: the last text :func:`folded_chars` folded, and its folding
_LAST_FOLDED: tuple[str | None, str] = (None, "")


def folded_chars(text: str) -> str:
    """``fold_chars(text)``, remembered for the last text: each sentence of a document is a slice of it
    (folding is one character for one)."""
    global _LAST_FOLDED
    last = _LAST_FOLDED
    if last[0] is not text:
        last = _LAST_FOLDED = (text, fold_chars(text))
    return last[1]


def sentence_relations(text: str, s_start: int, s_end: int, mentions: list[M],
                       doc_event: str | None = None, last_meeting: list[str] | None = None,
                       topic: str | None = None) -> list[Found]:
    """The relations stated in one sentence ``text[s_start:s_end]`` whose mentions are ``mentions``.

    ``doc_event`` is the event the document is about, ``topic`` the organisation it is about
    (the owner of "its members").
    """
    if len(mentions) < 1:
        return []
    sent = text[s_start:s_end]
    folded = folded_chars(text)[s_start:s_end]
    fs = " ".join(folded.split())
    can = _sentence_gate().present(fs)  # the patterns scanned below that may match this sentence
    trigger_hits = _trigger_hits(fs, can)
    if not trigger_hits and can.isdisjoint(SENTENCE_PATTERNS) and not any(
            m.type == "city" and _BASED.match(sent[m.end - s_start:m.end - s_start + 16]) for m in mentions) and not (
            "(" in sent and any(m.type == "person" for m in mentions)):
        return []  # no trigger, no pattern below, no "Brussels-based", no "A (NALAS)": nothing to find
    fs, fmap = collapse_folded(folded)  # fold_with_map(sent)
    ms = sorted(mentions, key=lambda m: m.start)
    pos = [(_fidx(fmap, m.start - s_start), _fidx(fmap, m.end - s_start)) for m in ms]
    found: list[Found] = []
    consumed: set[int] = set()

    def gap(i: int, j: int) -> str:
        """Text between two mentions, lower-cased and unaccented, punctuation kept."""
        raw = sent[ms[i].end - s_start:ms[j].start - s_start]
        return re.sub(r"\s+", " ", strip_accents(raw).lower().replace("'", " "))

    def list_from(i: int, types: frozenset[str], semi: bool = False) -> list[int]:
        out = [i]
        last = i
        k = i + 1
        while k < len(ms):
            if ms[k].type not in types and ms[k].type not in PLACES:
                break
            g = gap(last, k)
            if ms[k].key == ms[last].key or (ms[k].type in PLACES and ms[last].type not in PLACES
                                             and _ATTRIBUTE_PLACE.match(g)):
                # "Conférence … (SKGO)", "SKGO of Serbia": the same item, or a place qualifying it
                last = k
                k += 1
                continue
            if _GENITIVE.match(g):
                # "the Commission's Directorate-General": the item is the second actor
                if ms[k].type in types:
                    out[-1] = k
                last = k
                k += 1
                continue
            if not _LIST_GAP.match(g) and not (semi and _SEMI_GAP.match(g)):
                break
            if any(pos[k][1] <= vs <= pos[k][1] + 3 and not sent[ms[k].end - s_start:fmap[vs]].strip()
                   for vs in verb_starts):
                break  # "hosted by A and B took part": B is the subject of the next verb
            last = k
            if ms[k].type in types:
                out.append(k)
            k += 1
        return out

    def list_start(i: int) -> int:
        """The first item of the list that ends with mention ``i`` ("A, B et C" -> A)."""
        while i > 0 and (ms[i - 1].key == ms[i].key or _LIST_GAP.match(gap(i - 1, i))):
            i -= 1
        return i

    def first_right(tpos: int, types: frozenset[str], max_gap: int) -> int | None:
        for k, (ps, pe) in enumerate(pos):
            if ps >= tpos:
                between = fs[tpos:ps]
                raw_from = fmap[tpos] if tpos < len(fmap) else len(sent)
                if len(between) > max_gap or _CLAUSE_BREAK.search(sent[raw_from:ms[k].start - s_start]):
                    return None
                if ms[k].type in types:
                    return k
                if ms[k].type not in PLACES and len(between) > 3:
                    # another actor stands between the trigger and the wanted one
                    continue
        return None

    def subject_left(tpos: int, types: frozenset[str]) -> list[int]:
        rel = _RELATIVE.search(fs, max(0, tpos - 60), tpos)
        if rel:
            # "A, B et C, qui …": the antecedent just before the relative pronoun
            k = nearest_left(rel.start() + 1, types, 5)
            if k is not None and ms[k].type in PLACES and k > 0 and ms[k - 1].type not in PLACES \
                    and ms[k - 1].type in types and re.fullmatch(r"\s*\)?\s*(?:in|at|a|en|au)\s*", gap(k - 1, k)):
                k -= 1  # "at the X (ACR) in Brussels, which hosted …": the antecedent is X, not its place
            if k is not None:
                return [k]
        # "A est jumelée avec B ; C avec D": C is the second clause's subject
        clause = sent.rfind(";", 0, fmap[tpos] if tpos < len(fmap) else len(sent)) + 1 + s_start
        cands = [k for k, (ps, pe) in enumerate(pos) if clause <= ms[k].start and pe <= tpos and k not in consumed
                 and ms[k].type in types
                 and not (ms[k].type in PLACES and _PLACE_ADVERBIAL.search(fs, max(0, ps - 12), ps))]
        if not cands:
            return []
        first = cands[0]
        # a compound subject "A et B"
        group = [first]
        last = first
        for k in cands[1:]:
            if ms[k].key == ms[last].key and re.fullmatch(r"\s*[(,]?\s*", gap(last, k)):
                last = k  # "Le Réseau … (NALAS)": the acronym of the same subject
                continue
            if _GENITIVE.match(gap(last, k)):
                group[-1] = last = k  # "the Commission's Directorate-General": the subject is the second
                continue
            if re.fullmatch(r"\s*\)?\s*(?:et|and|&|,)\s*(?:(?:le|la|les|l|du|de|des|d|the)\s+)*", gap(last, k)):
                group.append(k)
                last = k
                continue
            break
        if len(group) > 1 and not any(re.search(r"(?:^|\s)(?:et|and|&)(?:\s|$)", gap(a, b))
                                      for a, b in zip(group, group[1:])):
            group = group[:1]  # "A, the B-based network, …": an apposition, not "A, B et C"
        return group

    def nearest_left(tpos: int, types: frozenset[str], max_gap: int = 40) -> int | None:
        for k in range(len(ms) - 1, -1, -1):
            ps, pe = pos[k]
            if pe <= tpos:
                if tpos - pe > max_gap:
                    return None
                if ms[k].type in types:
                    return k
        return None

    def nothing_before(x: int) -> bool:
        """Whether no actor is named before folded offset ``x``: a phrase there opens the sentence."""
        return not any(pe <= x for _, pe in pos)

    def fronted(agents: list[int], types: frozenset[str]) -> int | None:
        """The subject of the main clause after a fronted phrase that ends with ``agents``, or None.

        "Financé par A, le programme P …", "Avec le soutien de A, B accompagne …": the first actor
        of ``types`` right after the comma that closes the phrase. When the agents' list ran on into
        it ("Financé par A et B, le programme P"), it is the list's last item, taken out of ``agents``.
        """
        after = [j for j in range(agents[-1] + 1, len(ms)) if ms[j].type in types]
        if after and re.match(r"^\s*,", gap(agents[-1], after[0]) + " ") and len(gap(agents[-1], after[0])) <= 12:
            return after[0]
        if len(agents) >= 2 and ms[agents[-1]].type in types and re.match(r"^\s*\)?\s*,", gap(agents[-2], agents[-1])):
            return agents.pop()
        return None

    def add(src: int | str, tgt: int | str, rel: str) -> None:
        s = ms[src].key if isinstance(src, int) else src
        t = ms[tgt].key if isinstance(tgt, int) else tgt
        if s != t:
            found.append(Found(s, t, rel))

    order = {"secretariat_passive": 0, "passive": 0, "passive_subject": 0, "host_place": 1, "prep": 1, "between": 1, "gathers": 2, "active": 3,
             "possessive_parent": 3, "involves": 3, "adjacent": 4, "locative": 5}
    hits = [(order[TRIGGERS[i].mode], ts, te, TRIGGERS[i]) for i, ts, te in trigger_hits]

    def scan(rx: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """``rx.finditer(fs)``, without the scan when ``fs`` has none of the strings a match needs."""
        return rx.finditer(fs) if rx in can else iter(())
    hits.sort(key=lambda h: (h[0], h[1]))
    last_patient: int | None = None
    verb_starts = sorted({h[1] for h in hits if h[3].mode in ("active", "involves")})
    for _, ts, te, trig in hits:
        if any(ps <= ts < pe for ps, pe in pos):
            continue  # the trigger word is inside a name ("Rencontres", "Partenariat oriental")
        if trig.rel == "meets" and re.match(r"(?:discussion|reunion|entretien|entrevue|echange|dialogue|talks|meeting|"
                                            r"exchange)", fs[ts:te]) and re.search(
                r"(?:\bin the|\bdans le|\bau|\bdu|\bof the|\bfor the|\bpour le)\s*(?:\w+\s+){0,1}$", fs[:ts]):
            continue  # "speaks in the dialogue with the EU": a setting, not a meeting that took place
        if trig.mode == "secretariat_passive":
            k = first_right(te, trig.src_types, trig.max_gap)
            if k is None:
                continue
            # the body served: named right after "secrétariat de" or right before "the X secretariat"
            owner = first_right(ts + len("secretariat"), trig.tgt_types, 14)
            if owner is None or pos[owner][0] >= te:
                owner = nearest_left(ts, trig.tgt_types, 2)
            if owner is None:
                continue
            for a in list_from(k, trig.src_types):
                consumed.add(a)
                add(a, owner, trig.rel)
            continue
        if trig.mode in ("passive", "passive_subject"):
            if trig.rel == "hosts" and re.search(r"secretariat(?: \w+){0,8}? $", fs[max(0, ts - 70):ts]):
                continue  # "the X secretariat is hosted by Y": a secretariat, not an event's host
            k = first_right(te, trig.src_types, trig.max_gap)
            if k is None:
                continue
            agents = list_from(k, trig.src_types)
            if trig.mode == "passive":
                p = nearest_left(ts, trig.tgt_types)
                if p is not None and (p in consumed or any(ms[c].key == ms[p].key and pos[c][1] <= pos[p][0]
                                                           for c in consumed)):
                    # "organised by A and B, and co-funded by C": B is an agent, the patient is the first one's
                    p = last_patient
                elif p is not None and re.search(r"(?<![a-z])(?:est|sont|etait|etaient|sera|seront|a ete|ont ete|is|are|"
                                                 r"was|were|will be|has been|have been)(?![a-z])", fs[pos[p][1]:ts]) \
                        and _OBJECT_BEFORE.search(fs, max(0, pos[list_start(p)][0] - 20), pos[list_start(p)][0]):
                    # "le projet, emmené par A aux côtés de B et C, est financé par D": C is the object of
                    # a preposition, not the subject of "est financé"
                    p = last_patient
                if p is None and nothing_before(ts):
                    p = fronted(agents, trig.tgt_types)  # "Financé par A, le programme P …" -> A funds P
                patients = [p] if p is not None else []
                if not patients and doc_event and (trig.rel == "hosts" or (
                        trig.rel in ("organises", "supports", "funds") and nothing_before(ts)
                        and _GENERIC_EVENT_SUBJECT.match(fs[:ts]))):
                    # "il a été accueilli par la ville de X", "the meeting was organised by A": the event
                    # the document is about
                    for a in agents:
                        consumed.add(a)
                        add(a, doc_event, trig.rel)
                    continue
            else:
                # "ont organisé un séminaire, avec le soutien de A": the event is what A supports
                evs = [j for j, (ps, pe) in enumerate(pos) if pe <= ts and ms[j].type == "event"]
                patients = [evs[-1]] if evs and "event" in trig.tgt_types else subject_left(ts, trig.tgt_types)
                if not patients and nothing_before(ts):
                    # fronted: "Avec le soutien financier de A, B accompagne …", "With a grant from A, B …"
                    p = fronted(agents, trig.tgt_types)
                    patients = [p] if p is not None else []
            if not patients and not trig.claims_agents:
                continue
            for a in agents:
                consumed.add(a)
                for p in patients:
                    add(a, p, trig.rel)
            if trig.mode == "passive" and patients:
                last_patient = patients[0]
        elif trig.mode == "prep":
            k = first_right(te, trig.tgt_types, trig.max_gap)
            if k is None:
                continue
            objs = list_from(k, trig.tgt_types)
            consumed.update(objs)
            subj = subject_left(ts, trig.src_types)
            if not subj and nothing_before(ts):
                # fronted: "En coopération avec A, B organise …", "On behalf of CEMR, N. Koenders …"
                j = fronted(objs, trig.src_types)
                subj = [j] if j is not None else []
            for s in subj:
                for o in objs:
                    add(s, o, trig.rel)
        elif trig.mode == "host_place":
            k = first_right(te, trig.src_types, trig.max_gap)
            if k is None:
                continue
            consumed.add(k)
            for e, m in enumerate(ms):
                if m.type == "event":
                    add(k, e, "hosts")
            # "à Dijon, au siège de Dijon Métropole": the host is located in that city
            for e in range(len(ms)):
                if ms[e].type == "city" and pos[e][1] <= ts and ts - pos[e][1] <= 3:
                    add(k, e, "located_in")
        elif trig.mode == "between":
            # "le partenariat entre A et B", "an agreement between A and B"
            k = first_right(te, trig.tgt_types, trig.max_gap)
            if k is None:
                continue
            objs = list_from(k, trig.tgt_types)
            consumed.update(objs)
            for a in objs:
                for b in objs:
                    if a < b:
                        add(a, b, trig.rel)
        elif trig.mode == "gathers":
            subj = nearest_left(ts, trig.src_types, 30)
            k = first_right(te, trig.tgt_types, trig.max_gap)
            if subj is None or k is None:
                continue
            if _GATHERS_PEOPLE.search(fs[te:pos[k][0]]):
                continue  # "réunit des élus de A": people from A, not A itself
            if re.search(r"(?:^|\s)(?:a|au|aux|en|in|at)\s*$", fs[te:pos[k][0]]):
                continue  # "réunit ses membres à Lyon": where, not who
            for o in list_from(k, trig.tgt_types, semi=True):
                add(o, subj, "member_of")
        elif trig.mode == "active":
            rest = fs[te:te + 40]
            if trig.rel in ("organises", "funds", "supports", "hosts", "meets") and _AGENT_NEXT.match(rest):
                continue  # a participle with its agent: the passive rule reads it
            if trig.rel == "meets" and _MONEY_NEXT.match(rest):
                continue  # "a reçu 200 000 euros de A", "received a grant from A": money, not a visit
            if trig.rel == "organises" and re.fullmatch(r"created|launched|set up|cree|lance", fs[ts:te]) and (
                    _DATE_NEXT.match(rest) or re.search(r",\s*$", sent[:fmap[ts]])):
                continue  # "X, créé en 2010, …": the creation of X, not an object
            if trig.rel == "partner_of" and (_PARTNER_ATTR.match(rest) or _PARTNER_ATTR_BEFORE.search(fs[:ts])):
                continue
            if fs[ts:te] in ("partenaire", "partenaires", "partner", "partners") and not re.match(
                    r"\s*(?:de|du|des|d|of|with|avec|to|for|pour|a|au|aux)\s", rest):
                continue  # "dont A est partenaire, et B …": the partner of nothing named after it
            k = first_right(te, trig.tgt_types, trig.max_gap)
            if k is not None and re.search(r"(?:^|\s)(?:by|par)\s*$", fs[te:pos[k][0]]) and not re.fullmatch(
                    r"\s*(?:by|par)\s*", fs[te:pos[k][0]]):
                k = None  # "X, which funds projects, was represented by Y": Y is another verb's agent
            subj = subject_left(ts, trig.src_types)
            if _PARTICIPLE.fullmatch(fs[ts:te]):
                # "A supported B" but not "projects supported under B": a subject right before the verb
                j = nearest_left(ts, trig.src_types, 30)
                if j is None or not re.fullmatch(r"[\s,]*(?:\w+ment |also |has |have |had |then |jointly |"
                                                 r"together |actively |financially )*", fs[pos[j][1]:ts]):
                    continue
                subj = subj if subj and subj[-1] == j else [j]
            if trig.rel in ("participates_in", "hosts") and k is None and doc_event and subj and _GENERIC_EVENT.match(rest):
                # "A took part in the meeting", "A hosted the event": the event the document is about
                for s_ in subj:
                    add(s_, doc_event, trig.rel)
                continue
            if trig.rel in ("member_of", "part_of", "partner_of") and k is not None:
                # apposition "A, membre fondateur du réseau", "A, a partner of B": A is the subject even
                # when an earlier verb already used it
                j = nearest_left(ts, trig.src_types, 6)
                if j is not None and re.fullmatch(r"\s*,\s*(?:(?:un|une|le|la|l'|l’|the|a|an)\s*)?",
                                                  sent[ms[j].end - s_start:fmap[ts]]):
                    subj = [j]
            if trig.rel == "member_of" and k is not None:
                # "sont membres du CCRE et de NALAS, comme A et B": the examples are the members
                objs = list_from(k, trig.tgt_types)
                nxt = objs[-1] + 1
                if nxt < len(ms) and _EXAMPLES.match(gap(objs[-1], nxt)):
                    for s in list_from(nxt, trig.src_types):
                        for o in objs:
                            add(s, o, "member_of")
                    continue
            if not subj and k is not None and trig.rel in ("member_of", "part_of", "partner_of") and nothing_before(ts):
                # fronted: "Membre de NALAS depuis 2001, SKGO …", "A partner of CEMR, NALAS …": the main
                # clause's subject, right after the phrase
                last = list_from(k, trig.tgt_types)[-1]
                j = last + 1
                if j < len(ms) and ms[j].type in trig.src_types and _FRONTED_APPOSITION.fullmatch(gap(last, j)):
                    subj = [j]
            if trig.rel == "meets" and not subj and last_meeting and k is not None:
                for s in last_meeting:
                    for o in list_from(k, trig.tgt_types):
                        add(s, o, "meets")
                continue
            if k is None or not subj:
                if trig.rel in ("meets", "partner_of") and subj and len(subj) >= 2:
                    pass  # reciprocal handled below
                continue
            if trig.rel == "organises" and trig.max_gap < 200 and ms[k].type not in EVENTISH:
                continue
            objs = list_from(k, trig.tgt_types)
            for s in subj:
                for o in objs:
                    add(s, o, trig.rel)
            if trig.rel == "organises" and ms[k].type == "event" and re.search(r"(?<![a-z])co ?organi", fs[ts:te]):
                # "A will co-organise the event with B": B organises it too
                w = first_right(pos[k][1], ORG_CITY, 40)
                if w is not None and re.fullmatch(r"\s*(?:with|avec)\s+(?:(?:the|le|la|les|l)\s+)?(?:[a-z]+\s+){0,2}",
                                                    fs[pos[k][1]:pos[w][0]]):
                    for o in list_from(w, ORG_CITY):
                        add(o, k, trig.rel)
            if trig.rel == "organises" and ms[k].type == "event":
                # "ont organisé à Bruxelles, le 11 mars, un séminaire": where the event takes place
                for j in range(len(ms)):
                    if ms[j].type == "city" and te <= pos[j][0] < pos[k][0] and len(fs[te:pos[j][0]]) <= 50 and re.search(
                            r"(?:^|\s)(?:a|en|in|at)\s*$", fs[te:pos[j][0]]) and not any(
                            te <= pos[x][0] < pos[j][0] for x in range(len(ms))):
                        add(k, j, "located_in")
                # "a réuni son Bureau les 16 et 17 juin à Cotonou", "holds its forum on 3 May in Riga"
                j = k + 1
                if j < len(ms) and ms[j].type == "city" and len(fs[pos[k][1]:pos[j][0]]) <= 50 and re.fullmatch(
                        r"\s+(?:(?:les?|on|du|from|the)\s+[\w ]{0,30}?\s+)?(?:a|in|at)\s*", fs[pos[k][1]:pos[j][0]]):
                    add(k, j, "located_in")
        elif trig.mode == "possessive_parent":
            k = first_right(te, trig.tgt_types, trig.max_gap)
            p = nearest_left(ts, trig.src_types, 400)
            if k is not None and p is not None:
                add(p, k, trig.rel)
        elif trig.mode == "involves":
            k = first_right(te, trig.tgt_types, trig.max_gap)
            subj = subject_left(ts, trig.src_types)
            if k is None or not subj:
                continue
            for o in list_from(k, trig.tgt_types):
                for sj in subj:
                    add(o, sj, trig.rel)
        elif trig.mode == "adjacent":
            k = first_right(te, trig.tgt_types, trig.max_gap)
            if k is None:
                continue
            p = nearest_left(ts, trig.src_types, 2)
            if p is not None:
                add(p, k, trig.rel)
        elif trig.mode == "locative":
            k = first_right(te, trig.tgt_types, trig.max_gap)
            if k is None or ms[k].type not in PLACES:
                continue
            # the nearest event or organisation before "à X" in this sentence, with no other place between;
            # "aura lieu à X", "will take place in X" speak of an event only
            eventive = re.search(r"lieu|tiendr|tient|tenu|deroul|place|held|met|meet|gathered|convened|reuni",
                                 fs[ts:te])
            for j in range(k - 1, -1, -1):
                if pos[j][1] > ts:
                    continue
                if ms[j].type in PLACES:
                    break
                if ms[j].type == "programme":
                    continue  # a programme is not where it is held: the event before it is ("lors de … du programme P")
                if eventive and ms[j].type not in EVENTISH:
                    continue
                if ms[j].type in ORG and not eventive:
                    # "Rencontres …, organisées par A à Paris", "accueillie par A, dans ses locaux, à Lyon"
                    evs = [i for i in range(j) if ms[i].type == "event" and re.search(
                        r"(?:organis|organiz|accueilli|hosted|heberg|co organis)\w*\s+(?:\w+\s+)?(?:par|by)\s+"
                        r"(?:\w+\s+){0,2}$", fs[pos[i][1]:pos[j][0]])]
                    if evs and ts - pos[evs[-1]][1] <= 160:
                        add(evs[-1], k, "located_in")
                        break
                if ms[j].type in trig.src_types:
                    between = fs[pos[j][1]:ts]
                    if len(between) <= 110 and (ms[j].type in EVENTISH or re.search(
                            r"(?:siege|headquarter|based|basee?|situee?|installee?|located|trouvent?)", between + fs[ts:te])
                            or re.search(r"(?:siege|headquarters|head office|seat) (?:de|du|des|d|of)(?: the)? $",
                                         fs[max(0, pos[j][0] - 24):pos[j][0]])):
                        # "Le siège de NALAS se trouve à Skopje"
                        add(j, k, "located_in")
                    break
            if nothing_before(ts) and _SEAT_WORD.search(fs[ts:te]):
                # fronted: "Basée à Skopje, NALAS …", "Based in Brussels, CEMR …": the main clause's subject
                j = k + 1
                while j < len(ms) and ms[j].key == ms[k].key:
                    j += 1
                if j < len(ms) and ms[j].type in ORG and _FRONTED_GAP.fullmatch(gap(j - 1, j)):
                    add(j, k, "located_in")
    # reciprocal: "A et B se rencontrent", "A and B signed a partnership agreement", "A et B sont jumelées",
    # "A and B are partners": each pair of the subjects; after a verb of agreement ("signed", "renewed"),
    # only when what was agreed is a partnership
    for rx, rel, needs_object in ((_RECIPROCAL_MEET, "meets", False), (_RECIPROCAL_PARTNER, "partner_of", True),
                                  (_RECIPROCAL_TWIN, "partner_of", False), (_RECIPROCAL_PARTNERS, "partner_of", False),
                                  (_RECIPROCAL_COOPERATE, "partner_of", False)):
        for m in scan(rx):
            subj = subject_left(m.start(), ANY_ACTOR - {"country"})
            if len(subj) >= 2 and (not needs_object or re.search(
                    r"partenariat|partnership|cooperation|accord|agreement|convention|memorandum|protocole|"
                    r"lettre d intention|letter of intent", fs[m.end():])):
                for i in subj:
                    for j in subj:
                        if i < j:
                            add(i, j, rel)
    # "le partenariat du CCRE avec CGLU", "CEMR's cooperation with UCLG" is read by the partner trigger
    for m in scan(_PARTNERSHIP_OF_WITH):
        k = first_right(m.end(), ORG_CITY, 6)
        if k is None:
            continue
        w = first_right(pos[k][1], ORG_CITY, 12)
        if w is not None and re.fullmatch(r"\s*\)?\s*(?:avec|with)\s+(?:(?:le|la|les|l|the)\s+)?", fs[pos[k][1]:pos[w][0]]):
            add(k, w, "partner_of")
    # "the Skopje Forum is an annual event of NALAS"
    for m in scan(_EVENT_OF):
        subj = [j for j in subject_left(m.start(), EVENTISH) if not ms[j].anaphoric]
        k = first_right(m.end(), ORG, 8)
        if subj and k is not None:
            add(k, subj[0], "organises")
    # "AFCCRE, a CEMR member, hosted …", "X, an AFD partner,": the apposition's network
    for k in range(1, len(ms) if _MEMBER_WORD in can else 0):
        if ms[k].type in ORG and ms[k - 1].type in ORG and re.fullmatch(r"\s*,\s*(?:an?|un|une)\s*", gap(k - 1, k)):
            tail = _ORG_MEMBER_APPOSITION.match(fs, pos[k][1])
            if tail:
                rel = "partner_of" if re.search(r"partner|partenaire", tail.group()) else "member_of"
                add(k - 1, k, rel)
    # "NALAS welcomed SKGO as a new member": the one welcomed is a member of the one welcoming
    for m in scan(_WELCOMED_MEMBER):
        subj = subject_left(m.start(), ORG)
        k = first_right(m.end(), ORG_CITY - {"country"}, 12)
        if not subj or k is None:
            continue
        objs = list_from(k, ORG_CITY - {"country"})
        if _AS_MEMBER.match(fs, pos[objs[-1]][1]):
            for o in objs:
                add(o, subj[0], "member_of")
    # "the forum brought together A, B and C": an event named as the subject of the clause
    for m in scan(_EVENT_GATHERS):
        subj = [j for j in subject_left(m.start(), frozenset({"event"})) if not ms[j].anaphoric]
        k = first_right(m.end(), ANY_ACTOR - {"country"}, 30)
        if not subj or k is None or pos[k][0] < m.end():
            continue
        for o in list_from(k, ANY_ACTOR - {"country"}):
            add(o, subj[0], "participates_in")
    # "Speakers included A (NALAS) and B (CEMR)": a person and, in brackets right after, the body they work for
    if "(" in sent:
        for k in range(len(ms) - 1):
            j = k + 1
            if ms[k].type == "person" and ms[j].type in ORG and re.fullmatch(
                    r"\s*\(\s*", sent[ms[k].end - s_start:ms[j].start - s_start]) and re.match(
                    r"\s*[),]", sent[ms[j].end - s_start:]):
                add(k, j, "works_for")
    # "NALAS compte 14 membres, dont A et B", "new associations join long-standing members such as A",
    # "dix villes l'ont rejointe, dont A": the examples are members of the owner (named just before, or
    # the organisation the document is about)
    for m in scan(_MEMBER_EXAMPLES):
        k = first_right(m.end(), ORG_CITY - {"country"}, 12)
        if k is None or not re.fullmatch(r"\s*(?:(?:le|la|les|l|the)\s+)?", fs[m.end():pos[k][0]]):
            continue
        owner = nearest_left(m.start() + 1, ORG, 40)
        owner_key = ms[owner].key if owner is not None else topic
        if owner_key is None:
            continue
        rel = "partner_of" if re.search(r"partenaires|partners", m.group()) else "member_of"
        for o in list_from(k, ORG_CITY - {"country"}, semi=True):
            if ms[o].key != owner_key:
                found.append(Found(ms[o].key, owner_key, rel))
    # "Of its 2 million budget, 61% came from the EU", "l'essentiel du financement provient de A"
    for m in scan(_SHARE_FROM):
        if _BUDGET not in can or not _BUDGET.search(fs):
            continue
        k = first_right(m.end(), ORG_CITY, 12)
        if k is None:
            continue
        owners = [j for j in range(len(ms)) if pos[j][1] <= m.start() and ms[j].type in NOT_PLACE]
        owner_key = ms[owners[0]].key if owners else topic
        if owner_key is None:
            continue
        for a in list_from(k, ORG_CITY):
            if ms[a].key != owner_key:
                found.append(Found(ms[a].key, owner_key, "funds"))
    # "Its members include A, B and C", "member cities, among them A and B"
    if topic:
        for m in scan(_POSSESSIVE_MEMBERS):
            k = first_right(m.end(), ORG_CITY - {"country"}, 70)
            if k is None or _CLAUSE_BREAK.search(fs[m.end():pos[k][0]]):
                continue
            for o in list_from(k, ORG_CITY - {"country"}, semi=True):
                if ms[o].key != topic:
                    add(o, topic, "member_of")
    # "son secrétariat est installé à Barcelone", "its headquarters are in Brussels": the topic's seat
    if topic:
        for m in scan(_POSSESSIVE_SEAT):
            k = first_right(m.end(), frozenset({"city"}), 3)
            if k is not None and not any(pe <= m.start() and ms[j].type in ORG for j, (_, pe) in enumerate(pos)
                                         if m.start() - pe < 40):
                add(topic, k, "located_in")
    # "parmi les membres du réseau figurent A et B", "among the members of X are A and B"
    for m in scan(_MEMBERS_OF):
        o = first_right(m.end(), ORG, 12)
        if o is None:
            continue
        k = first_right(pos[o][1], ORG_CITY - {"country"}, 30)
        if k is None or not re.fullmatch(r"\s*(?:figurent|figure|sont|se trouvent|on trouve|on compte|comptent|are|were|"
                                         r"include|includes)?\s*(?:notamment|:)?\s*(?:(?:le|la|les|l|the)\s+)?",
                                         fs[pos[o][1]:pos[k][0]]):
            continue
        for x in list_from(k, ORG_CITY - {"country"}, semi=True):
            add(x, o, "member_of")
    # "A, dont B est membre", "A, of which B is a member": B is a member (partner) of A
    for m in scan(_WHOSE_MEMBER):
        a = nearest_left(m.start() + 1, ORG, 4)
        b = first_right(m.end(), ORG_CITY, 12)
        if a is None or b is None:
            continue
        tail = _WHOSE_MEMBER_TAIL.match(fs, pos[b][1])
        if tail:
            rel = "partner_of" if re.search(r"partenaire|partner", tail.group()) else "member_of"
            add(b, a, rel)
    # "the Brussels-based network"
    for k, m in enumerate(ms):
        if m.type == "city" and _BASED.match(sent[m.end - s_start:m.end - s_start + 16]):
            j = nearest_left(pos[k][0], ORG, 30)
            if j is not None:
                add(j, k, "located_in")
    # "A and B attended as observers", "A et B y participeront", "Interviendront notamment A et B": with no
    # event named in the sentence, the event the document is about
    if doc_event and not any(m.type == "event" and not m.anaphoric for m in ms):
        for m in scan(_TAKES_PART):
            if any(ps <= m.start() < pe for ps, pe in pos):
                continue
            tail = fs[m.end():m.end() + 50]
            if re.match(r"\s*(?:in|a|au|aux|to|at)\s", tail) and not _GENERIC_EVENT.match(
                    re.sub(r"^\s*(?:in|a|au|aux|to|at)\s", " ", tail)) and not re.match(
                    r"\s*(?:in|a|au|aux)\s+(?:the |les |la |le |l )?(?:discussions?|debats?|debates?|panels?|"
                    r"tables? rondes?|round tables?|travaux|proceedings|exchanges?|echanges?)(?![a-z])", tail):
                continue  # "took part in a study": something else than the event
            subj = [j for j in subject_left(m.start(), ANY_ACTOR - {"country"}) if pos[j][1] <= m.start()]
            if not subj and _INVERTED.match(fs[m.end():m.end() + 30]):
                k = first_right(m.end(), ANY_ACTOR - {"country"}, 30)
                subj = list_from(k, ANY_ACTOR - {"country"}) if k is not None else []
            for j in subj:
                if not ms[j].anaphoric or ms[j].type != "event":
                    add(j, doc_event, "participates_in")
    # "X réunira son Comité politique à Malaga", "X vous invite à …": X organises the document's event
    if doc_event:
        for rx in (_CONVENES, _INVITES):
            for m in scan(rx):
                if any(ps <= m.start() < pe for ps, pe in pos):
                    continue
                nxt = next((k for k in range(len(ms)) if pos[k][0] >= m.end()), None)
                if rx is _CONVENES and nxt is not None and ms[nxt].type in EVENTISH and not ms[nxt].anaphoric:
                    continue  # "X réunit son Bureau (an event) …": the active trigger reads the named event
                j = nearest_left(m.start(), ORG, 12)
                subj = [j] if j is not None and re.fullmatch(r"[\s)]*", fs[pos[j][1]:m.start()]) else []
                event: int | str = doc_event
                if rx is _INVITES:
                    # "X donne rendez-vous … au Palais des congrès de Paris pour la 6e édition du Forum": the
                    # event named next (or the document's), held in the city named before it
                    evs = [k for k in range(len(ms)) if ms[k].type == "event" and not ms[k].anaphoric
                           and m.end() <= pos[k][0] <= m.end() + 200]
                    if evs:
                        event = evs[0]
                    if subj:
                        end = pos[evs[0]][0] if evs else m.end() + 120
                        for k in range(len(ms)):
                            if ms[k].type == "city" and m.end() <= pos[k][0] < end and _VENUE_CITY.search(
                                    fs, max(m.end(), pos[k][0] - 40), pos[k][0]):
                                add(event, k, "located_in")
                                break
                for j in subj:
                    add(j, event, "organises")
                if rx is _CONVENES and subj:
                    # the place: the first city after the convened body, right after "à"/"in"
                    for k in range(len(ms)):
                        if pos[k][0] >= m.end() and ms[k].type == "city":
                            if pos[k][0] - m.end() <= 60 and re.search(r"(?:^|\s)(?:a|in|en|at)\s*$", fs[m.end():pos[k][0]]):
                                add(doc_event, k, "located_in")
                            break
    # "a peer exchange, with the participation of A and B": A and B take part in the event named before
    # (or the document's)
    for m in scan(_WITH_PARTICIPATION):
        if any(ps <= m.start() < pe for ps, pe in pos):
            continue
        evs = [k for k in range(len(ms)) if ms[k].type == "event" and not ms[k].anaphoric and pos[k][1] <= m.start()]
        event_ = evs[-1] if evs else doc_event
        k = first_right(m.end(), ORG_CITY, 30)
        if event_ is None or k is None:
            continue
        for o in list_from(k, ORG_CITY):
            add(o, event_, "participates_in")
    # "X tiendra sa réunion plénière dans le cadre du Forum": X takes part in the Forum
    for m in scan(_WITHIN_EVENT):
        if any(ps <= m.start() < pe for ps, pe in pos):
            continue
        k = first_right(m.end(), frozenset({"event"}), 3)
        event_: int | str | None = k  # named, or "du Forum" resolved to the event named with that head
        if event_ is None and doc_event and _GENERIC_EVENT.match(fs, m.end()) and not any(
                m.end() <= ps < m.end() + 30 for ps, _ in pos):
            event_ = doc_event
        if event_ is None:
            continue
        ev_key = ms[event_].key if isinstance(event_, int) else event_
        for j in subject_left(m.start(), ORG):
            if pos[j][1] > m.start() or re.search(r"(?:^|\s)(?:de|du|des|d|of)\s*(?:(?:la|le|les|l|the)\s*)?$",
                                                  fs[max(0, pos[j][0] - 12):pos[j][0]]):
                continue  # "les commissions de la CRPM … en marge de": the CRPM is not the subject
            if not any(f.source == ms[j].key and f.target == ev_key and f.type == "organises" for f in found):
                add(j, event_, "participates_in")
    # representatives of A and B will present … -> participation in the document's event
    if doc_event:
        for m in scan(_REPRESENTATIVES):
            if _PARTICIPATION_VERB not in can or not _PARTICIPATION_VERB.search(fs, m.end()):
                continue
            if any(ps <= m.start() < pe for ps, pe in pos):
                continue  # "la Délégation de l'Union européenne au Bénin a présenté": a name, not delegates
            k = first_right(m.end(), ORG_CITY, 30)
            if k is None:
                continue
            for o in list_from(k, ORG_CITY):
                add(o, doc_event, "participates_in")
    return found


@lru_cache(maxsize=None)
def _sentence_gate() -> RegexGate:
    """The gate of the patterns :func:`sentence_relations` scans every sentence with (the unfiltered
    triggers, then :data:`SENTENCE_PATTERNS`)."""
    return RegexGate(SENTENCE_PATTERNS + tuple(TRIGGERS[i].pattern for i in sorted(_unfiltered_triggers())))


#: the patterns :func:`sentence_relations` scans every sentence with, after the triggers
SENTENCE_PATTERNS = (_RECIPROCAL_MEET, _RECIPROCAL_PARTNER, _RECIPROCAL_TWIN, _RECIPROCAL_PARTNERS, _RECIPROCAL_COOPERATE, _EVENT_GATHERS,
                     _PARTNERSHIP_OF_WITH, _WELCOMED_MEMBER, _EVENT_OF, _MEMBER_WORD, _MEMBER_EXAMPLES, _SHARE_FROM, _BUDGET,
                     _POSSESSIVE_MEMBERS, _POSSESSIVE_SEAT, _MEMBERS_OF, _WHOSE_MEMBER, _TAKES_PART, _CONVENES,
                     _INVITES, _WITH_PARTICIPATION, _WITHIN_EVENT, _REPRESENTATIVES, _PARTICIPATION_VERB)
