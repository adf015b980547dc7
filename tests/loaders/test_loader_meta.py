"""Dates, language and titles found in the text."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.loaders.meta import (clean_title, dateline_date, detect_lang, find_date,
                                   find_date_with_source, find_dates, parse_date, title_from_text)


@pytest.mark.parametrize("text, iso", [
    ("Paris, le 8 septembre 2017", "2017-09-08"),
    ("Dijon, le 29 novembre 2022", "2022-11-29"),
    ("a organisé le 19 mai 2016 après-midi", "2016-05-19"),
    ("à partir du 1er mars 2021", "2021-03-01"),
    ("les 9 et 10 octobre 2017, au Pavillon", "2017-10-09"),
    ("du 30 septembre au 2 octobre 2019", "2019-09-30"),
    ("le 30 septembre et 1er octobre 2019", "2019-09-30"),
    ("le 3 févr. 2020", "2020-02-03"),
    ("le 14 aout 2018", "2018-08-14"),
    ("Le 12 Décembre 2012", "2012-12-12"),
    ("on 16 November 2008", "2008-11-16"),
    ("on November 16, 2008", "2008-11-16"),
    ("Brussels, 4 June 2023", "2023-06-04"),
    ("the 21st of March 2019", "2019-03-21"),
    ("June 4-5, 2023 in Tirana", "2023-06-04"),
    ("Sept. 3rd 2015", "2015-09-03"),
    ("published 2023-06-04T10:00:00Z", "2023-06-04"),
    ("le 08/09/2017 à Paris", "2017-09-08"),
])
def test_single_dates(text, iso):
    assert [d.iso for d in find_dates(text)] == [iso]


@pytest.mark.parametrize("text", [
    "le 29 novembre prochain",                 # no year
    "Dimanche 16 novembre, 16h30-18h30",      # no year
    "à compter de janvier 2009",               # no day
    "le 31 février 2020",                       # no such day
    "En 2007, le CCRE a pris l'initiative",   # a year alone
    "Tel : + 33 1 44 50 59 59",
    "F-75001 Paris – France",
    "version 2.10.2019b",
])
def test_not_full_dates(text):
    assert find_dates(text) == []


def test_find_dates_spans_point_at_the_date():
    text = "Réunion le 4 juin 2023 puis le 2023-07-01."
    spans = [(text[d.start:d.end], d.iso) for d in find_dates(text)]
    assert spans == [("4 juin 2023", "2023-06-04"), ("2023-07-01", "2023-07-01")]


def test_dateline_is_preferred_to_an_earlier_date_in_a_sentence():
    text = ("Communiqué sur les rencontres du 9 et 10 octobre 2017\n\n"
            "Paris, le 8 septembre 2017\n\nLe ministère organise les rencontres.")
    assert find_date_with_source(text) == ("2017-09-08", "dateline")


def test_first_full_date_when_there_is_no_dateline():
    text = "La réunion du 29 novembre prochain suit celle qui s'est tenue le 3 mars 2022 et le 4 avril 2022."
    assert find_date_with_source(text) == ("2022-03-03", "text")


def test_metadata_ranks_between_dateline_and_body_dates():
    body = "Le forum s'est tenu le 3 mars 2022."
    assert find_date(body, strong="2022-04-01") == "2022-04-01"
    assert find_date("Bruxelles, le 2 mars 2022\n\n" + body, strong="2022-04-01") == "2022-03-02"
    assert find_date(body, weak="2021-01-01") == "2022-03-03"
    assert find_date("Aucune date ici.", weak="2021-01-01") == "2021-01-01"
    assert find_date("Aucune date ici.") is None


@pytest.mark.parametrize("line, iso", [
    ("Paris, le 8 septembre 2017", "2017-09-08"),
    ("**Strasbourg, le 3 mai 2019**", "2019-05-03"),
    ("Brussels, 4 June 2023", "2023-06-04"),
    ("Publié le 12 janvier 2021 à 10h30", "2021-01-12"),
    ("Mardi 29 novembre 2022", "2022-11-29"),
    ("Le 19 mai 2016, la CUF a organisé un atelier", None),
    ("Les rencontres auront lieu le 9 octobre 2017 à Paris", None),
])
def test_dateline(line, iso):
    assert dateline_date(line) == iso


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)),
       st.sampled_from(["fr", "en-dmy", "en-mdy", "iso"]))
def test_written_dates_parse_back(day, style):
    fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]
    en = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
    d = "1er" if day.day == 1 and style == "fr" else str(day.day)
    written = {
        "fr": f"Fait à Lyon, le {d} {fr[day.month - 1]} {day.year}.",
        "en-dmy": f"Signed on {d} {en[day.month - 1]} {day.year} in Tirana.",
        "en-mdy": f"Signed on {en[day.month - 1]} {d}, {day.year} in Tirana.",
        "iso": f"date: {day.isoformat()}",
    }[style]
    assert [x.iso for x in find_dates(written)] == [day.isoformat()]


@pytest.mark.parametrize("value, iso", [
    ("2017-09-08T10:15:00+02:00", "2017-09-08"),
    ("D:20170908101500+02'00'", "2017-09-08"),
    ("8 sept. 2017", "2017-09-08"),
    ("", None),
    ("not a date", None),
])
def test_parse_date(value, iso):
    assert parse_date(value) == iso


# --------------------------------------------------------------------------- language

@pytest.mark.parametrize("text, lang", [
    ("Les dirigeants du Conseil des Communes et Régions d'Europe et du réseau NALAS se sont rencontrés "
     "pour renforcer leur coopération dans les Balkans.", "fr"),
    ("The leaders of the Council of European Municipalities and Regions and of NALAS met in Brussels "
     "to strengthen their cooperation with the Western Balkans.", "en"),
    ("Der Deutsche Städtetag ist der kommunale Spitzenverband der Städte und hat seinen Sitz in Berlin "
     "und in Köln.", "de"),
    ("CEMR NALAS PLATFORMA", "und"),
    ("", "und"),
    ("12 345 678", "und"),
])
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang


def test_french_text_with_english_names_stays_french():
    text = ("Le réseau PLATFORMA, soutenu par la Commission européenne, a présenté le rapport "
            "« Local and Regional Governments for Development » aux collectivités de la région.")
    assert detect_lang(text) == "fr"


def test_english_text_with_french_names_stays_english():
    text = ("The French Ministry met the Association Française du Conseil des Communes et Régions "
            "d'Europe and the mayors of the region to discuss the programme for the Balkans.")
    assert detect_lang(text) == "en"


# --------------------------------------------------------------------------- titles

@pytest.mark.parametrize("text, title", [
    ("\n\nRencontre France-Balkans-Europe\n\nFace aux défis", "Rencontre France-Balkans-Europe"),
    ("**Direction générale de la mondialisation,\nde la culture, de l'enseignement\net du développement "
     "international**\n*Délégation*", "Direction générale de la mondialisation, de la culture, de "
     "l'enseignement et du développement international"),
    ("Lancement de la nouvelle plateforme des \n\n autorités locales\n\nTexte", "Lancement de la nouvelle "
     "plateforme des autorités locales"),
    ("COMMUNIQUÉ DE PRESSE\n\nParis, le 8 septembre 2017\n\nLe ministère rencontre les élus",
     "Le ministère rencontre les élus"),
    ("# Le **CCRE** et [NALAS](https://nalas.eu)\n\ntexte", "Le CCRE et NALAS"),
    ("----\nTitre après un filet\n", "Titre après un filet"),
])
def test_title_from_text(text, title):
    assert title_from_text(text) == title


def test_long_titles_are_cut_on_a_word():
    t = clean_title("mot " * 100)
    assert len(t) <= 200
    assert t.endswith("mot…")
