"""The endpoint's routes, one router a concern: ``sparql`` (queries, updates, the Service Description
and VoID), ``graph_store`` (the Graph Store HTTP Protocol), ``pages`` (the query page, entity pages,
the API page), ``operations`` (health and metrics)."""
