"""HTML for people: the query page and entity pages. Everything shown is escaped."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from ..vocab import LG, PREDICATES, PREFIXES, SPARQL_PREFIXES

PREDICATE_NAMES = PREDICATES

SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_SAME = "http://www.w3.org/2002/07/owl#sameAs"


VENDOR = Path(__file__).parent / "static" / "vendor"


def vendored() -> bool:
    """Are the front-end packages (YASGUI, Cytoscape) installed into the static folder?"""
    return (VENDOR / "yasgui.min.js").exists() and (VENDOR / "cytoscape.min.js").exists()


def _page(title: str, body: str, head: str = "", tail: str = "") -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · libgraph</title><link rel="icon" href="data:,">{head}
<link rel="stylesheet" href="/static/style.css"></head>
<body><header><a href="/">libgraph</a> <nav><a href="/">query</a> · <a href="/.well-known/void">VoID</a> ·
<a href="/class">browse</a> · <a href="/timeline">timeline</a> · <a href="/countries">countries</a> ·
<a href="/sparql">service description</a> · <a href="/ontology">ontology</a> ·
<a href="/review">review</a> ·
<a href="/docs">API</a></nav>
<form id="search" role="search" action="/search" method="get" autocomplete="off">
<input id="search-box" name="q" type="search" placeholder="Find an institution, person, place…"
 aria-label="Find an entity by name" aria-controls="search-results" aria-autocomplete="list">
<ul id="search-results" role="listbox" hidden></ul></form></header>
<main>{body}</main><script src="/static/search.js"></script>{tail}</body></html>
"""


def _short(iri: str, base_iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _link(iri: str, base_iri: str, label: str | None = None) -> str:
    href = "/" + iri[len(base_iri):] if iri.startswith(base_iri) else iri
    text = label or _short(iri, base_iri)
    return f'<a href="{escape(href, quote=True)}">{escape(text)}</a>'


def index_page(examples: dict[str, str], base_iri: str) -> str:
    buttons = "".join(f'<button type="button" class="example" data-name="{escape(name, quote=True)}">'
                      f"{escape(name.replace('-', ' '))}</button>" for name in examples)
    data = escape(json.dumps({"examples": examples, "prefixes": SPARQL_PREFIXES, "base": base_iri}), quote=True)
    rich = vendored()
    head = ('<link rel="stylesheet" href="/static/vendor/yasgui.min.css">'
            '<script src="/static/vendor/yasgui.min.js"></script>'
            '<script src="/static/vendor/cytoscape.min.js"></script>') if rich else ""
    body = f"""<h1>Query the graph</h1>
<p>SPARQL 1.1 over libraries' international cooperation, every relation traced to its sentence.
Prefixes are declared; the default graph is the union of all articles.</p>
<div id="examples">{buttons}<button type="button" id="network-button">cooperation network</button></div>
<div id="yasgui"></div>
<form id="query-form" method="get" action="/sparql"{' hidden' if rich else ''}>
<textarea id="query" name="query" rows="14" spellcheck="false" aria-label="SPARQL query"></textarea>
<div class="bar"><button type="submit" id="run">Run query</button>
<select id="format" aria-label="result format"><option value="table">table</option>
<option value="json">JSON</option><option value="csv">CSV</option></select>
<span id="status" role="status"></span></div></form>
<div id="results"></div>
<div id="network" hidden></div>
<script id="config" type="application/json" data-config="{data}"></script>
<script src="/static/app.js"></script>"""
    return _page("query", body, head)


def _hidden(**values: str) -> str:
    return "".join(f'<input type="hidden" name="{k}" value="{escape(v, quote=True)}">' for k, v in values.items())


def _action(path: str, label: str, fields: str, title: str = "") -> str:
    """A correction's form: posted with the update token the page's token box holds (static/curate.js)."""
    return (f'<form class="curate" method="post" action="{path}">{fields}'
            f'<input type="hidden" name="token" class="curation-token">'
            f'<button type="submit" title="{escape(title, quote=True)}">{escape(label)}</button></form>')


CURATION_BAR = ('<p class="curation">Corrections (kept in the curation file, applied by a rebuild): '
                '<input type="password" id="curation-token" placeholder="update token" autocomplete="off" '
                'aria-label="update token"> <span id="curation-state" role="status"></span></p>')


def _curation_forms(iri: str, back: str) -> str:
    predicates = "".join(f'<option value="{p}">{p}</option>' for p in PREDICATE_NAMES)
    merge = _action("/curation/merge", "merge into this one",
                    _hidden(keep=iri, back=back) + '<input name="merge" required placeholder="IRI of the same thing" '
                    'aria-label="IRI of the same thing">', "the other entity's IRI becomes owl:sameAs this one")
    separate = _action("/curation/separate", "not the same",
                       _hidden(entity=iri, back=back) + '<input name="name" required placeholder="a name of another '
                       'thing" aria-label="a name of another thing">', "the mentions with that name are another entity")
    add = _action("/curation/assert", "add the fact",
                  _hidden(subject=iri, back=back) + f'<select name="predicate" aria-label="relation">{predicates}'
                  '</select><input name="object" required placeholder="IRI of the other entity, or a value" '
                  'aria-label="object"><input name="why" required placeholder="where it is stated" aria-label="why">'
                  '<input name="date" placeholder="YYYY[-MM[-DD]]" aria-label="date">')
    return f"<h2>Correct this entity</h2><div class=\"corrections\">{merge}{separate}{add}</div>"


def entity_page(iri: str, facts: list[dict[str, Any]], out_rel: list[dict[str, Any]],
                in_rel: list[dict[str, Any]], base_iri: str, curate: bool = False) -> str:
    labels = [f["o"] for f in facts if f["p"] in {RDFS_LABEL, SKOS_PREF}]
    title = labels[0] if labels else _short(iri, base_iri)
    types = sorted({f["o"] for f in facts if f["p"] == RDF_TYPE})
    aliases = sorted({f["o"] for f in facts if f["p"] == SKOS_ALT})
    same = sorted({f["o"] for f in facts if f["p"] == OWL_SAME})
    other = [f for f in facts if f["p"] not in {RDFS_LABEL, SKOS_PREF, SKOS_ALT, RDF_TYPE, OWL_SAME}
             and not any(f["p"] == r["p"] and f["o"] == r["o"] for r in out_rel)]
    parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri">{escape(iri)}</p>']
    if types:
        parts.append("<p>Type: " + ", ".join(_link(t, base_iri) for t in types) + "</p>")
    if aliases:
        parts.append("<p>Also called: " + ", ".join(escape(a) for a in aliases) + "</p>")
    if same:
        parts.append("<p>Same as: " + ", ".join(f'<a href="{escape(s, quote=True)}">{escape(s)}</a>'
                                                 for s in same) + "</p>")
    back = "/" + iri[len(base_iri):] if iri.startswith(base_iri) else ""
    if curate:
        parts.insert(1, CURATION_BAR)
    parts.append(_relations("Relations", out_rel, "o", base_iri, (iri, back) if curate else None))
    parts.append(_relations("Relations to it", in_rel, "s", base_iri, (iri, back) if curate else None))
    if other:
        rows = "".join(f"<tr><td>{_link(f['p'], base_iri)}</td><td>{_value(f['o'], base_iri)}</td></tr>"
                       for f in other)
        parts.append(f"<h2>Other facts</h2><table><tbody>{rows}</tbody></table>")
    if curate:
        parts.append(_curation_forms(iri, back))
    return _page(title, "\n".join(parts), tail='<script src="/static/curate.js"></script>' if curate else "")


def _value(value: str, base_iri: str) -> str:
    return _link(value, base_iri) if value.startswith(("http://", "https://")) else escape(value)


def _relations(heading: str, rows: list[dict[str, Any]], other: str, base_iri: str,
               curate: tuple[str, str] | None = None) -> str:
    if not rows:
        return ""
    body = []
    for r in rows:
        reject = ""
        if curate is not None and r.get("p", "").startswith(str(LG)):
            this, back = curate
            subject, obj = (this, r.get(other, "")) if other == "o" else (r.get(other, ""), this)
            reject = _action("/curation/reject", "reject", _hidden(subject=subject, predicate=r["p"], object=obj,
                                                                   back=back), "leave this fact out of every build")
        target = r.get(other, "")
        shown = _link(target, base_iri, r.get("label")) if target.startswith(("http://", "https://")) \
            else escape(target)
        evidence = ""
        if r.get("sentence"):
            source = r.get("source", "")
            evidence = (f'<blockquote>{escape(r["sentence"])}</blockquote><cite>'
                        f'{_link(r["article"], base_iri, source)}</cite>')
        extra = " ".join(escape(x) for x in (r.get("role"), r.get("date")) if x)
        if r.get("date") and r.get("date_source"):
            extra += f' <span class="kind">({escape(r["date_source"])} date)</span>'
        if r.get("confidence"):
            rule = _link(r["rule"], base_iri, r.get("rule_label")) if r.get("rule") else ""
            evidence += f'<p class="kind">confidence {escape(r["confidence"])} · rule {rule}</p>'

        body.append(f"<tr><td>{_link(r['p'], base_iri)}</td><td>{shown}</td><td>{extra}</td>"
                    f"<td>{evidence}</td>" + (f"<td>{reject}</td>" if curate is not None else "") + "</tr>")
    action = "<th>correct</th>" if curate is not None else ""
    return (f"<h2>{escape(heading)}</h2><table><thead><tr><th>relation</th><th>with</th><th>when, as</th>"
            f"<th>stated in</th>{action}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def ontology_page(terms: list[dict[str, str]], base_iri: str) -> str:
    """The ontology as a page: each class and property with its label, definition and alignments,
    anchored by its local name, so that ``…/ontology#Library`` links resolve."""
    sections = []
    for kind, heading in (("class", "Classes"), ("property", "Properties")):
        rows = []
        for t in (t for t in terms if t["kind"] == kind):
            local = t["iri"].rsplit("#", 1)[-1]
            more = ", ".join(_link(x, base_iri) for x in t.get("parents", "").split() if x)
            flags = " ".join(escape(f) for f in t.get("flags", "").split() if f)
            rows.append(f'<tr id="{escape(local, quote=True)}"><td><code>lg:{escape(local)}</code></td>'
                        f'<td>{escape(t.get("label", ""))}</td><td>{escape(t.get("definition", ""))}</td>'
                        f"<td>{more}</td><td>{flags}</td></tr>")
        sections.append(f"<h2>{heading}</h2><table><thead><tr><th>term</th><th>label</th><th>definition</th>"
                        f"<th>sub-class or sub-property of</th><th></th></tr></thead><tbody>{''.join(rows)}"
                        f"</tbody></table>")
    body = ("<h1>The libgraph ontology</h1><p class=\"iri\">https://w3id.org/libgraph/ontology#</p>"
            '<p>Also as <a href="/ontology?format=ttl">Turtle</a>.</p>' + "".join(sections))
    return _page("ontology", body)


def review_page(rows: list[dict[str, str]], base_iri: str, curate: bool = False) -> str:
    """The statements the extraction is least sure of, lowest confidence first; with the update token,
    each can be accepted (it holds even if the extraction changes) or rejected."""
    body = []
    for r in rows:
        obj = _link(r["o"], base_iri, r["ol"]) if "ol" in r else _value(r["o"], base_iri)
        actions = ""
        if curate:
            actions = "<td>" + _action("/curation/accept", "accept", _hidden(statement=r.get("st", ""), back="/review"),
                                       "keep this fact in every build") + _action(
                "/curation/reject", "reject", _hidden(subject=r["s"], predicate=r["p"], object=r["o"], back="/review"),
                "leave this fact out of every build") + "</td>"
        body.append(f"<tr><td>{escape(r.get('confidence', ''))}</td><td>{_link(r['s'], base_iri, r.get('sl'))}</td>"
                    f"<td>{_link(r['p'], base_iri)}</td><td>{obj}</td>"
                    f"<td><blockquote>{escape(r.get('sentence', ''))}</blockquote><cite>"
                    f"{_link(r['article'], base_iri, r.get('source'))}</cite></td>"
                    f"<td>{_link(r['rule'], base_iri, r.get('rule_label'))}</td>{actions}</tr>")
    action = "<th>correct</th>" if curate else ""
    table = ("<table><thead><tr><th>confidence</th><th>subject</th><th>relation</th><th>object</th>"
             f"<th>stated in</th><th>rule</th>{action}</tr></thead><tbody>{''.join(body)}</tbody></table>") if body \
        else "<p>No statements.</p>"
    return _page("review", "<h1>Review: the least certain statements first</h1>" + (CURATION_BAR if curate else "")
                 + "<p>Each statement with the sentence it was read from and the rule that read it.</p>" + table,
                 tail='<script src="/static/curate.js"></script>' if curate else "")


def turtle_page(title: str, turtle: str, raw: str) -> str:
    """An RDF description (the Service Description, VoID) for a person reading it in a browser."""
    return _page(title, f"<h1>{escape(title)}</h1><p>As <a href=\"{escape(raw, quote=True)}\">Turtle</a> for "
                        f"programs (or ask with <code>Accept: text/turtle</code>).</p><pre>{escape(turtle)}</pre>")


def class_index_page(counts: dict[str, int]) -> str:
    items = "".join(f'<li><a href="/class/{escape(t, quote=True)}">{escape(t)}</a> ({n})</li>'
                    for t, n in counts.items())
    return _page("browse", f"<h1>Browse the graph</h1><ul>{items}</ul>")


def _query(chosen: dict[str, str], **change: str | None) -> str:
    from urllib.parse import urlencode

    params = {**chosen, **change}
    return "?" + urlencode({k: v for k, v in params.items() if v}) if any(params.values()) else "?"


def class_page(name: str, entities: list[dict[str, str]], facets: dict[str, list[dict[str, str]]],
               chosen: dict[str, str], base_iri: str) -> str:
    """A class's entities (most stated first) with facets; each facet value a link that filters."""
    lists = []
    for facet, values in facets.items():
        items = []
        for r in values:
            value = r.get("c") or r.get("p", "").rsplit("#", 1)[-1] or r.get("year", "")
            label = r.get("label") or value
            current = chosen.get(facet) == value
            href = _query(chosen, **{facet: None if current else value})
            count = escape(r.get("n", ""))
            items.append(f'<li{" class=chosen" if current else ""}><a href="{escape(href, quote=True)}" '
                         f'data-facet="{escape(facet, quote=True)}">{escape(label)}</a> ({count})</li>')
        if items:
            lists.append(f"<section><h2>{escape(facet)}</h2><ul>{''.join(items)}</ul></section>")
    rows = "".join(f"<tr><td>{_link(e['e'], base_iri, e.get('label'))}</td><td>{escape(e.get('where', ''))}</td>"
                   f"<td>{escape(e.get('statements', '0'))}</td></tr>" for e in entities)
    shown = ", ".join(f"{k}: {v.rsplit('/', 1)[-1]}" for k, v in chosen.items())
    body = (f"<h1>{escape(name)} ({len(entities)})</h1>"
            + (f'<p>Filtered by {escape(shown)} · <a href="/class/{escape(name, quote=True)}">clear</a></p>'
               if chosen else "")
            + f'<div class="browse"><aside>{"".join(lists)}</aside><table id="entities"><thead><tr><th>name</th>'
              f"<th>country</th><th>statements</th></tr></thead><tbody>{rows}</tbody></table></div>")
    return _page(name, body)


def statement_page(iri: str, r: dict[str, str], predicate_labels: dict[str, str], base_iri: str) -> str:
    """A statement as a sentence: who, what relation, whom, according to which sentence of which article."""
    relation = predicate_labels.get(r["p"]) or _short(r["p"], base_iri)
    subject = _link(r["s"], base_iri, r.get("sl"))
    obj = _link(r["o"], base_iri, r["ol"]) if "ol" in r else _value(r["o"], base_iri)
    when = ""
    if r.get("date"):
        source = {"stated": "as the article states", "article": "the article's date"}.get(r.get("date_source", ""), "")
        when = f" ({escape(r['date'])}{', ' + escape(source) if source else ''})"
    role = f" as {escape(r['role'])}" if r.get("role") else ""
    rule = _link(r["rule"], base_iri, r.get("rule_label")) if r.get("rule") else ""
    article = _link(r["article"], base_iri, r.get("headline") or r.get("source"))
    body = (f"<h1>{subject} {escape(relation)} {obj}{role}{when}</h1>"
            f"<p>According to this sentence of {article}"
            f"{' (' + escape(r['source']) + ')' if r.get('source') and r.get('headline') else ''}:</p>"
            f"<blockquote>{escape(r['sentence'])}</blockquote>"
            f'<p class="kind">read by rule {rule} with confidence {escape(r.get("confidence", ""))}</p>'
            f'<p class="iri">{escape(iri)}</p>')
    return _page(f"{r.get('sl', '')} {relation} {r.get('ol', r['o'])}", body)


def timeline_page(rows: list[dict[str, str]]) -> str:
    """Dated statements per year and relation, as a table with a bar per year."""
    relations = sorted({r["p"].rsplit("#", 1)[-1] for r in rows})
    years: dict[str, dict[str, int]] = {}
    for r in rows:
        years.setdefault(r["year"], {})[r["p"].rsplit("#", 1)[-1]] = int(r["n"])
    most = max((sum(v.values()) for v in years.values()), default=1)
    head = "".join(f"<th>{escape(p)}</th>" for p in relations)
    body = "".join(
        f'<tr data-year="{escape(y, quote=True)}"><td>{escape(y)}</td>'
        + "".join(f"<td>{v.get(p, '')}</td>" for p in relations)
        + f'<td><span class="bar" style="width:{100 * sum(v.values()) / most:.0f}%"></span> {sum(v.values())}</td></tr>'
        for y, v in sorted(years.items()))
    table = (f"<table id=\"timeline\"><thead><tr><th>year</th>{head}<th>all</th></tr></thead><tbody>{body}"
             "</tbody></table>") if rows else "<p>No dated statements.</p>"
    return _page("timeline", "<h1>Timeline</h1><p>Dated statements (visits, meetings, agreements, memberships, "
                             "donations, events) per year, by relation.</p>" + table)


def countries_page(rows: list[dict[str, str]], base_iri: str) -> str:
    """Pairs of countries whose institutions signed, met or visited, with the number of pairs."""
    body = "".join(f"<tr><td>{_link(r['a'], base_iri, r['al'])}</td><td>{escape(r['p'].rsplit('#', 1)[-1])}</td>"
                   f"<td>{_link(r['b'], base_iri, r['bl'])}</td><td>{escape(r['n'])}</td></tr>" for r in rows)
    table = ("<table id=\"countries\"><thead><tr><th>country</th><th>relation</th><th>country</th>"
             f"<th>institution pairs</th></tr></thead><tbody>{body}</tbody></table>") if rows \
        else "<p>No cooperation between institutions of two countries.</p>"
    return _page("countries", "<h1>Countries that cooperate</h1><p>Agreements, meetings and visits between "
                              "institutions of two countries (a visit from the first to the second).</p>"
                 + _countries_chart(rows) + table)


def _countries_chart(rows: list[dict[str, str]], most: int = 25) -> str:
    """A bar chart (inline SVG, no script) of the country pairs with the most cooperating institution
    pairs, all relations together."""
    totals: dict[tuple[str, str], int] = {}
    for r in rows:
        a, b = sorted((r["al"], r["bl"]))
        totals[(a, b)] = totals.get((a, b), 0) + int(r["n"])
    top = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:most]
    if not top:
        return ""
    peak = max(n for _, n in top)
    bar, gap, label_w, width = 16, 4, 260, 420
    height = len(top) * (bar + gap)
    items = []
    for i, ((a, b), n) in enumerate(top):
        y = i * (bar + gap)
        w = max(2, round(width * n / peak))
        items.append(f'<g class="pair"><text x="{label_w - 6}" y="{y + bar - 4}" text-anchor="end">'
                     f'{escape(a)} – {escape(b)}</text><rect x="{label_w}" y="{y}" width="{w}" height="{bar}">'
                     f'<title>{escape(a)} – {escape(b)}: {n}</title></rect><text x="{label_w + w + 4}" '
                     f'y="{y + bar - 4}">{n}</text></g>')
    return (f'<figure><svg id="countries-chart" role="img" aria-label="country pairs by institution pairs" '
            f'width="{label_w + width + 60}" height="{height}" font-size="11">{"".join(items)}</svg>'
            f'<figcaption>The {len(top)} country pairs with the most institution pairs (all relations)'
            f'</figcaption></figure>')


def _highlighted(text: str, sentences: list[tuple[int, int, str]], mentions: list[tuple[int, int, str, str]],
                 base_iri: str) -> str:
    """The article's text with each stated sentence marked (linked to its statements) and each mention of
    an entity linked to the entity's page; a mention across a sentence's edge is left plain."""
    sentences = sorted({(s, e, st) for s, e, st in sentences if 0 <= s < e <= len(text)})
    kept: list[tuple[int, int, str, str]] = []
    for s, e, iri, kind in sorted(mentions, key=lambda m: (m[0], -(m[1] - m[0]))):
        if kept and s < kept[-1][1]:
            continue  # inside a longer mention
        if any(ss < s < se < e or s < ss < e < se for ss, se, _ in sentences):
            continue
        kept.append((s, e, iri, kind))
    events: list[tuple[int, int, str]] = []  # position, order (closings first), tag
    for s, e, statement in sentences:
        events.append((s, 1, f'<mark class="stated" title="a fact is stated here" data-statement='
                             f'"{escape(_href(statement, base_iri), quote=True)}">'))
        events.append((e, 0, "</mark>"))
    for s, e, iri, kind in kept:
        events.append((s, 2, f'<a class="mention" href="{escape(_href(iri, base_iri), quote=True)}" '
                             f'title="{escape(kind, quote=True)}">'))
        events.append((e, -1, "</a>"))
    out, at = [], 0
    for pos, _order, tag in sorted(events):
        out.append(escape(text[at:pos]))
        out.append(tag)
        at = pos
    out.append(escape(text[at:]))
    return "".join(out)


def _href(iri: str, base_iri: str) -> str:
    return "/" + iri[len(base_iri):] if iri.startswith(base_iri) else iri


def article_page(iri: str, info: dict[str, str], text: str | None, facts: list[dict[str, str]],
                 mentions: list[tuple[int, int, str, str]], base_iri: str) -> str:
    """An article: its text with every mention of an entity its statements name highlighted, and the facts
    it states, each linked to its statement page."""
    title = info.get("headline") or info.get("source") or _short(iri, base_iri)
    parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri">{escape(iri)}</p>']
    meta = " · ".join(escape(x) for x in (info.get("source"), info.get("date")) if x)
    if meta:
        parts.append(f'<p class="kind">{meta}</p>')
    if text is None:
        parts.append("<p>The article's text is not at hand: its corpus file is gone or has changed since the "
                     "build (rebuild to see it again).</p>")
    else:
        sentences = [(int(f["start"]), int(f["end"]), f["st"]) for f in facts if f.get("start") and f.get("end")]
        parts.append(f'<div class="article-text">{_highlighted(text, sentences, mentions, base_iri)}</div>')
    rows = []
    for f in facts:
        obj = _link(f["o"], base_iri, f.get("ol")) if f["o"].startswith(("http://", "https://")) \
            else escape(f["o"])
        rows.append(f"<tr><td>{_link(f['s'], base_iri, f.get('sl'))}</td><td>{_link(f['p'], base_iri)}</td>"
                    f"<td>{obj}</td><td><a href=\"{escape(_href(f['st'], base_iri), quote=True)}\">statement</a>"
                    f"</td></tr>")
    parts.append(f"<h2>Facts it states ({len(facts)})</h2>" + (
        "<table><thead><tr><th>subject</th><th>relation</th><th>object</th><th>provenance</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>" if rows else "<p>None.</p>"))
    return _page(title, "\n".join(parts))
