"""The SPARQL 1.1 endpoint over the embedded store, with a query page (``kg serve``)."""
