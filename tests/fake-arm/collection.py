"""Collections of ARM objects for fake-arm's world: a stable order of
slots, objects generated on demand, and pages that cost O(page)."""
import json


def key_of(path):
    return path.rstrip("/").lower()


def last(obj_id):
    return obj_id.rstrip("/").rsplit("/", 1)[-1]


def parent(obj_id):
    return obj_id.rstrip("/").rsplit("/", 1)[0]


class PropPred:
    """A filter on one property: properties[prop] (case-insensitive) equal
    to value, or not equal when negate. Collections can test it on a
    generated object's fields without making the object."""

    def __init__(self, prop, value, negate=False):
        self.prop, self.value, self.negate = prop, str(value).lower(), negate

    def test(self, v):
        return (str(v if v is not None else "").lower() == self.value) != self.negate

    def __call__(self, obj):
        return self.test(obj.get("properties", {}).get(self.prop))


def template_of(build, keys):
    """The JSON text of build(**fields) as a %-format string, so an object
    is written without building it: json.dumps is most of a page's cost."""
    text = json.dumps(build(**{k: "@@%s@@" % k for k in keys})).replace("%", "%%")
    for k in keys:
        text = text.replace("@@%s@@" % k, "%%(%s)s" % k)
    return text


class Collection:
    """Objects in a stable order. A slot is an int (the index of an object
    generated on demand), a dict (an explicit object) or None (a removed
    one, so the offsets in skiptokens already handed out stay valid).

    A generated collection gives either make(i), or fields(i) (a dict of
    strings and ints) and build(**fields) -> object; with the latter a page
    is written from a template, and field_props (property -> field) lets a
    PropPred filter without making the object."""

    def __init__(self, make=None, name_of=None, n=0, build=None, fields=None, field_props=None):
        self.make = make
        self.name_of = name_of
        self.fields = fields
        self.field_props = field_props or {}
        self.template = None
        if build is not None:
            self.make = lambda i: build(**fields(i))
            if n:
                self.template = template_of(build, list(fields(0)))
        self.slots = list(range(n))
        self.index = None

    def _obj(self, s):
        return self.make(s) if type(s) is int else s

    def _name(self, s):
        return self.name_of(s) if type(s) is int else last(s["id"])

    def _idx(self):
        if self.index is None:
            self.index = {}
            for i, s in enumerate(self.slots):
                if s is not None:
                    self.index[self._name(s).lower()] = i
        return self.index

    def get(self, name):
        i = self._idx().get(name.lower())
        return None if i is None else self._obj(self.slots[i])

    def materialize(self, name):
        """The stored object itself, made explicit so it can be changed."""
        i = self._idx().get(name.lower())
        if i is None:
            return None
        if type(self.slots[i]) is int:
            self.slots[i] = self.make(self.slots[i])
        return self.slots[i]

    def put(self, obj):
        """Adds or replaces obj (by the last segment of its ID); True if new."""
        name = last(obj["id"]).lower()
        idx = self._idx()
        if name in idx:
            self.slots[idx[name]] = obj
            return False
        idx[name] = len(self.slots)
        self.slots.append(obj)
        return True

    def remove(self, name):
        i = self._idx().pop(name.lower(), None)
        if i is None:
            return False
        self.slots[i] = None
        return True

    def page(self, start, size, pred=None, as_json=False):
        """Up to size objects from slot start on that pred accepts (as JSON
        text when as_json), and the slot to continue from (None at the
        end). O(size) plus the slots pred skips."""
        out, i, n = [], start, len(self.slots)
        fast = as_json and self.template is not None and (
            pred is None or getattr(pred, "prop", None) in self.field_props)
        while i < n and len(out) < size:
            s = self.slots[i]
            i += 1
            if s is None:
                continue
            if fast and type(s) is int:
                f = self.fields(s)
                if pred is None or pred.test(f[self.field_props[pred.prop]]):
                    out.append(self.template % f)
                continue
            o = self._obj(s)
            if pred is None or pred(o):
                out.append(json.dumps(o) if as_json else o)
        return out, (i if i < n else None)

    def __len__(self):
        return sum(1 for s in self.slots if s is not None)
