# mediasoup-sys 0.2.x bundles a GYP that still imports the abstract collection
# types from `collections`; Python 3.10 removed those aliases. Restore them.
import collections
import collections.abc

for _name in ("Mapping", "MutableMapping", "MutableSet", "Sequence", "Iterable", "Callable"):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))
