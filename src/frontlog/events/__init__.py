"""Events: attributed statements → what happened, who did it to whom, where, when.

Modules: ``ontology`` (ACLED types + frontlog labels, state-force names, kept as data in
``data/event_ontology.yaml``), ``lexicon`` (``data/event_triggers.yaml``), ``detect``
(trigger frames over the dependency parse), ``actors`` (noun phrases → actor entities),
``slots`` (place, time, quantities, claim, status, evidence), ``stage`` (the ``events``
stage) and ``export`` (ACLED rows, GeoJSON, flat records).
"""
