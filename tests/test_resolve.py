from __future__ import annotations

from libgraph.model import Article, ArticleGraph, Entity
from libgraph.resolve import resolve


def _graph(aid: str, *entities: tuple[str, str]) -> ArticleGraph:
    g = ArticleGraph(article=Article(id=aid, text="", source=aid))
    for n, (etype, name) in enumerate(entities, 1):
        g.entities[f"e{n}"] = Entity(local_id=f"e{n}", type=etype, name=name)
    return g


def test_resolve_word_order_of_place_names() -> None:
    res = resolve([_graph("a", ("Library", "National Library of Azerbaijan")),
                   _graph("b", ("Library", "Azerbaijan National Library"))])
    assert res.key_of("a", "e1") == res.key_of("b", "e1")
    (merge,) = res.merges
    assert set(merge.names) == {"National Library of Azerbaijan", "Azerbaijan National Library"}
    assert merge.rule == "place-word-order"


def test_resolve_never_merges_what_one_article_keeps_apart() -> None:
    res = resolve([_graph("a", ("Library", "National Library of Chile"), ("Library", "Chile National Library")),
                   _graph("b", ("Library", "National Library of Chile"))])
    assert res.key_of("a", "e1") != res.key_of("a", "e2")
    assert len({res.key_of("a", "e1"), res.key_of("a", "e2"), res.key_of("b", "e1")}) == 2


def test_resolve_distinct_names_stay_distinct_and_iris_are_stable() -> None:
    graphs = [_graph("a", ("Organization", "Goethe Institute in Uzbekistan")),
              _graph("b", ("Organization", "Goethe Institute in Kazakhstan"))]
    res = resolve(graphs)
    assert res.key_of("a", "e1") != res.key_of("b", "e1")
    assert resolve(list(reversed(graphs))).key_of("a", "e1") == res.key_of("a", "e1")


def test_resolve_person_with_patronymic() -> None:
    res = resolve([_graph("a", ("Person", "Roman Motulsky")), _graph("b", ("Person", "Roman Stepanovich Motulsky"))])
    assert res.key_of("a", "e1") == res.key_of("b", "e1")
    assert res.merges[0].rule == "first-and-last-name"
