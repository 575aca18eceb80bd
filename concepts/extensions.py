"""Hooks through which other apps add to the concept's pages without concepts importing them.

The indicators app registers, in its AppConfig.ready(), a function that counts indicators per
goal of an edition in ONE query:

    from concepts.extensions import register_indicator_counter

    def count(edition):
        ...
        return {operational_goal_id: n, ...}, {strategic_goal_id: n, ...}

    register_indicator_counter(count)

The whole-concept page and the gap view call it once per request, so their query budget stays
fixed. Without a registered counter they show "–" and say that indicators are not counted.
"""

from collections import Counter

_indicator_counters = []


def register_indicator_counter(counter):
    if counter not in _indicator_counters:
        _indicator_counters.append(counter)
    return counter


def unregister_indicator_counter(counter):
    if counter in _indicator_counters:
        _indicator_counters.remove(counter)


def indicators_available():
    return bool(_indicator_counters)


def indicator_counts(edition):
    """({operational_goal_id: n}, {strategic_goal_id: n}); empty when nothing is registered."""
    operational, strategic = Counter(), Counter()
    for counter in _indicator_counters:
        op_counts, sg_counts = counter(edition)
        operational.update(op_counts)
        strategic.update(sg_counts)
    return dict(operational), dict(strategic)
