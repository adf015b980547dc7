"""Relations to the event a document announces, stated around it rather than on its name.

Every sentence here was written for these tests (none comes from the seeds, the examples or
the held-out sets): "X réunira son Comité … à Lyon", "X vous donne rendez-vous … pour E",
"X invites you to E", "avec la participation de A", "dans le cadre du Forum", with look-alikes
that must not fire.
"""
from __future__ import annotations

import pytest

from maillage.loaders.extract import Extractor
from maillage.model import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(ner=False)


def rels(extractor: Extractor, text: str, lang: str = "fr") -> set[tuple[str, str, str]]:
    ex = extractor.extract(Document(id="t", path="t.txt", title="", lang=lang, date=None, text=text, format="txt"))
    names = {k: a.name for k, a in ex.actors.items()}
    return {(names[r.source], r.type, names[r.target]) for r in ex.relations if r.type != "co_mentioned"}


@pytest.fixture(scope="module")
def N(extractor):
    return lambda key: extractor.known[key].name


RENCONTRES = "Rencontres de la coopération franco-allemande"
FORUM = "Eurocities Urban Forum"


# --- "X convenes its body in CITY": X organises the document's event, held there --------------

@pytest.mark.parametrize("text,lang,city", [
    (f"{RENCONTRES} 2026\n\nLe CCRE réunira son Comité directeur à Lyon, en France, les 3 et 4 mai 2026. "
     f"Ces {RENCONTRES} seront ouvertes au public.", "fr", "Lyon"),
    ("Eurocities Urban Forum 2026\n\nCEMR will convene its Policy Committee in Ghent on 5 May. "
     "The Urban Forum of Eurocities is open to all.", "en", "Ghent"),
])
def test_convenes_its_body(extractor, N, text, lang, city):
    got = rels(extractor, text, lang)
    event = RENCONTRES if lang == "fr" else FORUM
    assert (N("cemr"), "organises", event) in got
    assert (event, "located_in", city) in got


def test_convenes_a_named_event_is_left_to_the_verb_rule(extractor, N):
    # the object is itself an event: the organiser is read on it, not on the document's event
    text = (f"{RENCONTRES} 2026\n\nLe CCRE a réuni son Bureau exécutif à Lyon. Les {RENCONTRES} suivront.")
    got = rels(extractor, text)
    assert (N("cemr"), "organises", RENCONTRES) not in got


# --- invitations: "X vous donne rendez-vous …", "X invites you to …" -----------------------------

def test_rendez_vous_names_organiser_and_city(extractor, N):
    text = (f"Le 12 mars 2026, l'AFCCRE vous donne rendez-vous à l'Hôtel de Ville de Lyon pour la troisième "
            f"édition des {RENCONTRES}.")
    got = rels(extractor, text)
    assert (N("afccre"), "organises", RENCONTRES) in got
    assert (RENCONTRES, "located_in", "Lyon") in got


def test_invites_you_to(extractor, N):
    text = "The Urban Forum of Eurocities will take place in Ghent. UCLG cordially invites you to the Urban Forum of Eurocities."
    assert (N("uclg"), "organises", FORUM) in rels(extractor, text, "en")


def test_inviting_to_apply_is_not_organising(extractor, N):
    text = "The Urban Forum of Eurocities will take place in Ghent. CEMR invites municipalities to apply for grants."
    got = rels(extractor, text, "en")
    assert not any(s == N("cemr") and t == "organises" for s, t, _ in got)


# --- "with the participation of A and B" -------------------------------------------------------

@pytest.mark.parametrize("text,lang", [
    ("The Urban Forum of Eurocities will take place in Ghent, with the participation of CEMR and UCLG.", "en"),
    ("The Urban Forum of Eurocities will open in Ghent, with contributions from CEMR and UCLG.", "en"),
])
def test_with_the_participation_of(extractor, N, text, lang):
    got = rels(extractor, text, lang)
    assert (N("cemr"), "participates_in", FORUM) in got
    assert (N("uclg"), "participates_in", FORUM) in got


def test_participation_without_any_event_adds_nothing(extractor, N):
    text = "Le CCRE publie une étude avec la participation de CGLU."
    got = rels(extractor, text)
    assert not any(t == "participates_in" for _, t, _ in got)


# --- "… dans le cadre du Forum", "on the sidelines of the summit" --------------------------------

def test_within_the_event(extractor, N):
    text = ("Eurocities Urban Forum 2026\n\nThe Urban Forum of Eurocities opens in Ghent on 5 May. "
            "CEMR will publish its annual report on the sidelines of the Forum.")
    got = rels(extractor, text, "en")
    assert (N("cemr"), "participates_in", FORUM) in got


def test_within_a_programme_is_not_an_event(extractor, N):
    text = (f"{RENCONTRES} 2026\n\nLes {RENCONTRES} auront lieu à Lyon. "
            "Dans le cadre du programme Erasmus+, le CCRE publiera une étude.")
    got = rels(extractor, text)
    assert (N("cemr"), "participates_in", RENCONTRES) not in got


def test_within_the_event_not_for_a_genitive(extractor, N):
    # "les commissions de la CRPM" are the subject, not the CRPM itself
    text = (f"{RENCONTRES} 2026\n\nLes {RENCONTRES} auront lieu à Lyon. "
            f"Les commissions de la CRPM se réuniront en marge des {RENCONTRES}.")
    got = rels(extractor, text)
    assert (N("cpmr"), "participates_in", RENCONTRES) not in got
