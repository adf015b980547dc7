"""Seeded generator of realistic synthetic corpora for ``maillage build`` benchmarks and tests.

Press releases, newsletters and meeting reports in French and English (about 2 : 1), with a
place-and-date line, actors from the packaged knowledge (named by name or acronym, in either
language) and invented ones (associations, networks, foundations, city councils, persons
with roles and e-mail addresses, events), relation sentences in varied phrasings
(partnerships, memberships, funding, organising, hosting, participation, roles) and noise
paragraphs without any actor. Documents are plain text, about 1.5-4 KB each, spread over one
folder per year.

The same ``(n, seed, start)`` always gives the same files; ``start`` numbers the first
document, so ``generate(10, d, start=1000)`` adds 10 new documents to a corpus of 1000.

Usage::

    python benchmarks/gen_corpus.py OUT_DIR --n 10000 [--seed 7] [--start 0]
"""
from __future__ import annotations

import argparse
import random
import unicodedata
from pathlib import Path

_MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"]
_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
_GIVEN = ["Marie", "Jean", "Sophie", "Pierre", "Claire", "Luc", "Anne", "Marc", "Julie", "Thomas", "Hélène",
          "Nicolas", "Isabelle", "Paul", "Camille", "Laurent", "Elena", "Marko", "Ana", "Stefan", "Maria",
          "Peter", "Sarah", "David", "Laura", "Andrea", "Milena", "Ivan", "Petra", "Jonas"]
_SURNAMES = ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Garnier", "Rousseau", "Fontaine",
             "Chevalier", "Petrović", "Jovanović", "Novak", "Horvat", "Schmidt", "Weber", "Rossi", "Bianchi",
             "García", "López", "Kowalski", "Nowak", "Popescu", "Ionescu", "Dimitrov", "Smith", "Brown"]
_ROLES_FR = ["directrice", "directeur", "présidente", "président", "chargée de mission", "chargé de mission",
             "secrétaire générale", "secrétaire général", "responsable des relations internationales"]
_ROLES_EN = ["director", "president", "policy officer", "secretary general", "project manager", "head of unit"]
_PLACES = ["Lyon", "Nantes", "Lille", "Rennes", "Grenoble", "Bordeaux", "Tours", "Brest", "Metz", "Nancy",
           "Poitiers", "Rouen", "Caen", "Angers", "Dijon", "Tirana", "Skopje", "Sarajevo", "Podgorica", "Zagreb",
           "Ljubljana", "Split", "Mostar", "Ohrid", "Kotor", "Durrës", "Niš", "Novi Sad", "Timișoara", "Cluj"]
_THEMES_FR = ["la transition énergétique", "la coopération décentralisée", "la jeunesse", "l'eau et l'assainissement",
              "la gestion des risques", "la mobilité durable", "la culture", "le développement économique local",
              "l'égalité femmes-hommes", "la gouvernance locale"]
_THEMES_EN = ["energy transition", "decentralised cooperation", "youth participation", "water and sanitation",
              "disaster risk management", "sustainable mobility", "culture", "local economic development",
              "gender equality", "local governance"]
_NOISE_FR = [
    "Les échanges ont permis de dresser un état des lieux des besoins exprimés par les territoires et de "
    "dégager des pistes de travail pour les mois à venir.",
    "Plusieurs ateliers thématiques se sont tenus tout au long de la journée, dans un climat de confiance "
    "et de dialogue constructif entre élus et techniciens.",
    "Les participants ont souligné l'importance de mutualiser les outils existants et de capitaliser sur "
    "les expériences menées depuis plusieurs années.",
    "Un compte rendu détaillé sera diffusé prochainement à l'ensemble des membres et mis en ligne sur le site.",
    "La question du financement des projets de long terme reste au cœur des préoccupations des collectivités.",
    "Les inscriptions sont ouvertes jusqu'à la fin du mois ; le nombre de places est limité.",
    "Cette démarche s'inscrit dans la continuité des travaux engagés lors des précédentes éditions.",
]
_NOISE_EN = [
    "The discussions provided an overview of the needs expressed by local governments and identified "
    "priorities for the coming months.",
    "Several thematic workshops took place throughout the day in a spirit of trust and constructive dialogue.",
    "Participants stressed the importance of pooling existing tools and building on years of experience.",
    "A detailed report will be shared with all members and published online in the coming weeks.",
    "Funding for long-term projects remains a central concern for municipalities and regions.",
    "Registration is open until the end of the month; places are limited.",
]


class _Actors:
    """Actors to draw from: the packaged knowledge plus a seeded set of invented ones."""

    def __init__(self, rng: random.Random) -> None:
        self.known_orgs: list[tuple[str, list[str]]] = []
        self.known_events: list[str] = []
        try:
            from maillage.knowledge import known_actors

            for a in sorted(known_actors().values(), key=lambda a: a.key):
                names = [a.name, *a.names[:2], *a.acronyms[:2]]
                if a.type in ("city", "country", "region"):
                    continue
                if a.type in ("event", "programme"):
                    self.known_events.append(a.name)
                else:
                    self.known_orgs.append((a.name, sorted(set(names))))
        except Exception:  # the generator also works without the package
            pass
        if not self.known_orgs:
            self.known_orgs = [("Cités Unies France", ["Cités Unies France", "CUF"]),
                               ("Council of European Municipalities and Regions", ["CEMR", "CCRE"])]
        self.invented_orgs: list[str] = []
        heads_fr = ["Association des Maires de {p}", "Réseau des Villes de {p}", "Fondation {s}",
                    "Agence de Développement de {p}", "Conseil Départemental de {p}", "Maison de l'Europe de {p}",
                    "Comité de Jumelage de {p}", "Institut {s} pour la Coopération"]
        heads_en = ["{p} City Council", "{s} Foundation", "Network of {p} Municipalities",
                    "{p} Development Agency", "{p} Regional Association"]
        for _ in range(400):
            tpl = rng.choice(heads_fr + heads_en)
            self.invented_orgs.append(tpl.format(p=rng.choice(_PLACES), s=rng.choice(_SURNAMES)))
        self.invented_orgs = sorted(set(self.invented_orgs))
        self.events_fr = ["Rencontres de {p}", "Forum de la Coopération de {p}", "Assises de {t}"]
        self.events_en = ["{p} Forum on {t}", "Summit of Mayors in {p}", "{p} Conference on {t}"]

    def org(self, rng: random.Random) -> str:
        if rng.random() < 0.6:
            _, names = rng.choice(self.known_orgs)
            return rng.choice(names)
        return rng.choice(self.invented_orgs)


def _person(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(_GIVEN), rng.choice(_SURNAMES)
    email = unicodedata.normalize("NFKD", f"{first}.{last}".lower()).encode("ascii", "ignore").decode()
    email += "@example.org"
    return f"{first} {last}", email


def _date(rng: random.Random, lang: str) -> tuple[int, str]:
    y, m, d = rng.randint(2008, 2024), rng.randint(1, 12), rng.randint(1, 28)
    if lang == "fr":
        return y, f"{d} {_MONTHS_FR[m - 1]} {y}"
    return y, f"{d} {_MONTHS_EN[m - 1]} {y}"


def _relation_sentence(rng: random.Random, acts: _Actors, lang: str, date: str) -> str:
    a, b = acts.org(rng), acts.org(rng)
    while b == a:
        b = acts.org(rng)
    p, email = _person(rng)
    place = rng.choice(_PLACES)
    if lang == "fr":
        theme = rng.choice(_THEMES_FR)
        ev = rng.choice(acts.events_fr).format(p=place, t=theme)
        choices = [
            f"{a} et {b} ont signé un accord de partenariat sur {theme}.",
            f"Le {date}, {a} a conclu un partenariat avec {b}.",
            f"{a} est membre de {b} depuis plusieurs années.",
            f"{a} a rejoint {b} en tant que membre associé.",
            f"Le projet est financé par {a}, avec le soutien de {b}.",
            f"{a} a organisé le {date} les « {ev} » à {place}.",
            f"La ville de {place} accueillera la prochaine réunion de {a}.",
            f"{a} a participé aux {ev}, aux côtés de {b}.",
            f"{p}, {rng.choice(_ROLES_FR)} de {a}, a présenté les résultats (contact : {email}).",
            f"{a} et {b} coopèrent étroitement dans le domaine de {theme}.",
        ]
    else:
        theme = rng.choice(_THEMES_EN)
        ev = rng.choice(acts.events_en).format(p=place, t=theme)
        choices = [
            f"{a} and {b} signed a partnership agreement on {theme}.",
            f"On {date}, {a} launched a partnership with {b}.",
            f"{a} is a member of {b}.",
            f"{a} joined {b} as an associate member.",
            f"The project is funded by {a} and supported by {b}.",
            f"{a} organised the {ev} on {date}.",
            f"The city of {place} will host the next meeting of {a}.",
            f"{a} took part in the {ev} together with {b}.",
            f"{p}, {rng.choice(_ROLES_EN)} at {a}, presented the findings (contact: {email}).",
            f"{a} and {b} work closely together on {theme}.",
        ]
    return rng.choice(choices)


def document(i: int, seed: int, acts: _Actors) -> tuple[str, str]:
    """Relative path and text of document number ``i`` (deterministic in ``(i, seed)``)."""
    rng = random.Random(f"{seed}:{i}")
    lang = "fr" if rng.random() < 0.67 else "en"
    year, date = _date(rng, lang)
    place = rng.choice(_PLACES)
    noise = _NOISE_FR if lang == "fr" else _NOISE_EN
    kind = rng.choice(["communique", "newsletter", "compte-rendu"] if lang == "fr" else
                      ["press-release", "newsletter", "report"])
    head = f"{place}, le {date}" if lang == "fr" else f"{place}, {date}"
    title = (f"{kind.capitalize()} n°{i}" if lang == "fr" else f"{kind.replace('-', ' ').capitalize()} no. {i}")
    paras = [title, head]
    for _ in range(rng.randint(3, 7)):
        sents = []
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.55:
                sents.append(_relation_sentence(rng, acts, lang, date))
            else:
                sents.append(rng.choice(noise))
        paras.append(" ".join(sents))
    if rng.random() < 0.3:  # a pure noise paragraph
        paras.append(" ".join(rng.sample(noise, 3)))
    return f"{year}/{kind}-{i:07d}.txt", "\n\n".join(paras) + "\n"


def generate(n: int, out: str | Path, *, seed: int = 7, start: int = 0) -> list[Path]:
    """Write documents ``start .. start+n-1`` under ``out``; return their paths."""
    out = Path(out)
    acts = _Actors(random.Random(seed))
    paths = []
    for i in range(start, start + n):
        rel, text = document(i, seed, acts)
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start", type=int, default=0)
    a = ap.parse_args()
    paths = generate(a.n, a.out, seed=a.seed, start=a.start)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} documents, {size / 1e6:.1f} MB, under {a.out}")


if __name__ == "__main__":
    main()
