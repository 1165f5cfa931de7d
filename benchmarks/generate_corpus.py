"""A seeded generator of synthetic articles of this genre, at any size.

    python benchmarks/generate_corpus.py OUT_DIR --articles 1000 [--seed 7]

Each article has a headline, a dateline and four to eight sentences drawn from
templates of the genre: visits, signings (active, passive, between, lists),
memberships since a year, donations, exhibitions and projects in quotes, posts
in apposition, founding years and collection sizes. Countries and cities come
from the gazetteers; institution and person names are composed from them and
from seeded syllables.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from libgraph.places import default_gazetteer

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SYLLABLES = ["an", "bel", "cor", "dan", "el", "fen", "gor", "hal", "ir", "jan", "ka", "lor", "mar", "nel",
             "or", "pet", "ros", "sal", "tor", "ul", "ven", "zar"]
POSTS = ["Director", "Deputy Director", "Director General", "Head of the International Department", "Chief Librarian"]
EVENTS = ["exhibition", "project", "programme", "campaign", "festival"]
TITLE_WORDS = ["Window to", "Books of", "Voices of", "Bridges to", "Treasures of", "Reading"]


def person(rnd: random.Random) -> str:
    def word() -> str:
        return "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3))).capitalize()
    return f"{word()} {word()}"


def article(rnd: random.Random, countries: list[str], cities: list[tuple[str, str]]) -> str:
    (city, country), (city2, country2) = rnd.sample(cities, 2)
    lib = rnd.choice([f"National Library of {country}", f"{city} Public Library", f"{city} City Library",
                      f"{country} National Library"])
    other = rnd.choice([f"National Library of {country2}", f"{city2} Central Library", f"{city2} University",
                        f"{city2} Regional Library"])
    assoc = rnd.choice(["International Federation of Library Associations and Institutions",
                        f"{country} Library Association", "Conference of Directors of National Libraries"])
    year = rnd.randint(1950, 2023)
    date = f"{rnd.randint(1, 28)} {rnd.choice(MONTHS)} {rnd.randint(2015, 2025)}"
    event = f'"{rnd.choice(TITLE_WORDS)} {rnd.choice([country2, city2])}"'
    director, guest = person(rnd), person(rnd)
    others = rnd.sample([f"National Library of {c}" for c in countries], 3)
    sentences = [
        f"A delegation of the {lib} visited the {other}.",
        f"The delegation met with {director}, {rnd.choice(POSTS)} of the {other}.",
        rnd.choice([f"The {lib} and the {other} signed a memorandum of cooperation.",
                    f"An agreement was signed between the {lib} and the {other}.",
                    f"The {lib} has signed agreements with the {others[0]}, the {others[1]} and the {others[2]}."]),
        f"Since {year}, the {lib} has been a member of the {assoc}.",
        f"{guest} donated {rnd.randint(20, 900)} books to the {other}.",
        f"The {other} opened the {rnd.choice(EVENTS)} {event}.",
        f"The {other} was founded in {rnd.randint(1800, 2000)}.",
        f"Today the library holds approximately {rnd.choice(['two', 'three', 'five', 'seven'])} million books.",
        f"The {lib} did not visit the {city2} Museum.",
    ]
    body = rnd.sample(sentences, rnd.randint(4, len(sentences)))
    headline = f"{lib} and {other} strengthen cooperation"
    return f"{headline}\n\n{city.upper()}, {date} — " + " ".join(body) + "\n"


def generate(out: Path, articles: int, seed: int = 7) -> list[Path]:
    rnd = random.Random(seed)
    gaz = default_gazetteer()
    cities = sorted({(c.name, gaz.countries[c.country_code].name) for c in gaz.cities.values()
                     if c.population > 500_000 and c.country_code in gaz.countries and " " not in c.name})
    countries = sorted({country for _city, country in cities if "," not in country and "(" not in country})
    cities = [(c, k) for c, k in cities if k in countries]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(articles):
        path = out / f"a{i:06d}.txt"
        path.write_text(article(rnd, countries, cities), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print(f"wrote {len(generate(args.out, args.articles, args.seed))} articles to {args.out}")


if __name__ == "__main__":
    main()
