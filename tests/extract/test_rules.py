"""Extraction rules on sentences written for these tests (French and English), not the seeds."""
from __future__ import annotations

import pytest

from maillage.loaders.extract import Extractor
from maillage.loaders.extract_mentions import find_definitions, prepare, split_sentences
from maillage.model import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(ner=False)


def _doc(text: str, lang: str = "fr") -> Document:
    return Document(id="t", path="t.txt", title="", lang=lang, date=None, text=text, format="txt")


def rels(extractor: Extractor, text: str, lang: str = "fr") -> set[tuple[str, str, str]]:
    ex = extractor.extract(_doc(text, lang))
    names = {k: a.name for k, a in ex.actors.items()}
    return {(names[r.source], r.type, names[r.target]) for r in ex.relations if r.type != "co_mentioned"}


def actors(extractor: Extractor, text: str, lang: str = "fr") -> dict[str, str]:
    ex = extractor.extract(_doc(text, lang))
    return {a.name: a.type for a in ex.actors.values()}


def known(extractor: Extractor, key: str) -> str:
    return extractor.known[key].name


# --- known actors ----------------------------------------------------------------------

def test_acronyms_and_translations_resolve_to_one_known_actor(extractor):
    for text in ("Le CCRE a publié un rapport.", "CEMR published a report.",
                 "Le Conseil des Communes et Régions d'Europe a publié un rapport."):
        ex = extractor.extract(_doc(text))
        assert [a.known for a in ex.actors.values()] == ["cemr"], text


def test_acronyms_are_case_sensitive_names_are_not(extractor):
    assert actors(extractor, "Il faut nalas et ccre en minuscules.") == {}
    assert known(extractor, "cemr") in actors(extractor, "le conseil des communes et régions d'europe se réunit.")


def test_bare_commission_is_not_the_european_commission(extractor):
    found = actors(extractor, "La Commission des finances de la ville s'est réunie.")
    assert known(extractor, "european-commission") not in found


def test_longest_match_wins(extractor):
    found = actors(extractor, "L'Association Française du Conseil des Communes et Régions d'Europe organise un débat.")
    assert known(extractor, "afccre") in found
    assert known(extractor, "cemr") not in found


# --- acronym definitions and names ------------------------------------------------------

def test_acronym_definition_creates_an_actor_and_its_later_mentions():
    text = "L'Observatoire des Partenariats Territoriaux (OPT) publie un guide. L'OPT le diffuse."
    defs = find_definitions(prepare(text))
    assert [text[d.long_start:d.long_end] for d in defs] == ["Observatoire des Partenariats Territoriaux"]
    ex = Extractor(ner=False).extract(_doc(text))
    [actor] = [a for a in ex.actors.values() if "OPT" in a.aliases]
    assert actor.name == "Observatoire des Partenariats Territoriaux"
    assert len(actor.mentions) == 3  # the long form, the acronym it defines, the later "OPT"


def test_generic_words_are_not_actors(extractor):
    found = actors(extractor, "Les gouvernements locaux et régionaux (GLR) et leurs associations (AGLR) sont concernés. Contacts :")
    assert found == {}


def test_truncated_span_is_repaired_by_the_definition(extractor):
    text = "Le Réseau des associations de pouvoirs locaux d'Europe du Sud-Est (NALAS) se réunit."
    ex = extractor.extract(_doc(text))
    nalas = ex.actors["k:nalas"]
    assert "Réseau des associations de pouvoirs locaux d'Europe du Sud-Est" in nalas.aliases
    assert not any(al.endswith("d'") for al in nalas.aliases)


def test_event_named_by_what_is_organised(extractor):
    found = actors(extractor, "La Région Occitanie a organisé le 3 mars 2021 un séminaire régional de coopération, à Toulouse.")
    assert found.get("séminaire régional de coopération") == "event"


# --- relations, French ------------------------------------------------------------------

def test_partnership_list_and_main_verb(extractor):
    text = ("Cités Unies France, en partenariat avec l'Agence française de développement et le réseau Platforma, "
            "organise le Forum de l'action internationale des collectivités.")
    r = rels(extractor, text)
    cuf, afd, pf = known(extractor, "cuf"), known(extractor, "afd"), known(extractor, "platforma")
    assert {(cuf, "partner_of", afd), (cuf, "partner_of", pf)} <= {(a, t, b) if a == cuf else (b, t, a) for a, t, b in r}
    assert any(t == "organises" and a == cuf for a, t, b in r)
    assert not any(t == "organises" and a in (afd, pf) for a, t, b in r)


def test_passive_funding_and_support(extractor):
    r = rels(extractor, "Le programme est mis en œuvre par le réseau Platforma, cofinancé par la Commission européenne.")
    assert (known(extractor, "european-commission"), "funds", known(extractor, "platforma")) in r
    r = rels(extractor, "Le réseau Platforma, soutenu par l'Agence française de développement, tient son assemblée.")
    assert (known(extractor, "afd"), "supports", known(extractor, "platforma")) in r


def test_membership(extractor):
    r = rels(extractor, "L'AFCCRE est membre du Conseil des Communes et Régions d'Europe depuis 1951.")
    assert (known(extractor, "afccre"), "member_of", known(extractor, "cemr")) in r


def test_person_role_and_organisation(extractor):
    r = rels(extractor, "Contact : Julie Martin, chargée de mission auprès de l'AFCCRE.")
    assert ("Julie Martin", "works_for", known(extractor, "afccre")) in r


def test_email_domain_gives_the_employer(extractor):
    text = "Pour plus d'informations :\nMarc Lefort\nmarc.lefort@afccre.org"
    r = rels(extractor, text)
    assert ("Marc Lefort", "works_for", known(extractor, "afccre")) in r


def test_meeting_and_event_place(extractor):
    r = rels(extractor, "Le CCRE a rencontré NALAS à Skopje. La conférence annuelle de NALAS aura lieu à Tirana.")
    assert (known(extractor, "cemr"), "meets", known(extractor, "nalas")) in r or \
        (known(extractor, "nalas"), "meets", known(extractor, "cemr")) in r


def test_co_mentions_are_separate_and_weak(extractor):
    ex = extractor.extract(_doc("Le CCRE et la Commission européenne sont cités dans ce rapport."))
    types = {r.type for r in ex.relations}
    assert types == {"co_mentioned"}
    assert all(r.evidence.method == "co-mention" for r in ex.relations)


# --- relations, English -----------------------------------------------------------------

def test_english_partnership_and_funding(extractor):
    text = "CEMR and NALAS signed a partnership agreement in Brussels. PLATFORMA is funded by the European Commission."
    r = rels(extractor, text, "en")
    cemr, nalas = known(extractor, "cemr"), known(extractor, "nalas")
    assert (cemr, "partner_of", nalas) in r or (nalas, "partner_of", cemr) in r
    assert (known(extractor, "european-commission"), "funds", known(extractor, "platforma")) in r


def test_english_membership_and_role(extractor):
    r = rels(extractor, "AFCCRE is a member of CEMR. Sarah Jones, policy officer at CEMR, presented the report.", "en")
    assert (known(extractor, "afccre"), "member_of", known(extractor, "cemr")) in r
    assert ("Sarah Jones", "works_for", known(extractor, "cemr")) in r


def test_english_event_organised_and_located(extractor):
    r = rels(extractor, "The Local Democracy Forum, organised by CEMR, will take place in Lyon.", "en")
    assert (known(extractor, "cemr"), "organises", "Local Democracy Forum") in r
    assert ("Local Democracy Forum", "located_in", known(extractor, "lyon")) in r


# --- evidence -------------------------------------------------------------------------

def test_evidence_offsets_point_into_the_document_text(extractor):
    text = "Préambule.\n\nL'AFCCRE est membre du CCRE. Rien d'autre."
    ex = extractor.extract(_doc(text))
    [r] = [r for r in ex.relations if r.type == "member_of"]
    assert text[r.evidence.start:r.evidence.end] == "L'AFCCRE est membre du CCRE."
    assert r.evidence.sentence == "L'AFCCRE est membre du CCRE."


def test_sentences_join_wrapped_lines_and_split_titles():
    text = "Titre du communiqué\n\nLe CCRE a pris l'initiative de rassembler une \n\nlarge gamme d'associations."
    spans = split_sentences(prepare(text))
    assert [text[s:e] for s, e in spans][0] == "Titre du communiqué"
    assert "large gamme" in text[spans[1][0]:spans[1][1]]


def test_markup_is_ignored_and_offsets_kept():
    text = "**L'AFCCRE** est membre du [CCRE](http://x)."
    p = prepare(text)
    assert len(p) == len(text)
    assert "*" not in p and "http" not in p
