"""The request bodies of the workbench, as Pydantic models: JSON and forms are both checked here.

A body of the wrong shape (a list for a name, a number for a list of keys, an id beyond
64 bits, a NUL byte, a 300-character type) is refused with 422 and a message naming the
field, before anything reaches the store.
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError

from ..taxonomy import DEFAULT_DIR, load

MAX_ID = 2 ** 63 - 1  # the stores' integers are 64-bit


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL bytes are not allowed")
    return value


def _blank_is_none(value):
    return None if value == "" else value


def Text(max_length: int):  # noqa: N802 (a type factory)
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_no_nul)]


Id = Text(200)  # incident ids, mention keys, document ids
Next = Optional[Text(2000)]
Version = Annotated[Optional[Annotated[int, Field(ge=0, le=MAX_ID)]], BeforeValidator(_blank_is_none)]
Number = Annotated[Optional[Annotated[float, Field(allow_inf_nan=False)]], BeforeValidator(_blank_is_none)]
Role = Literal["viewer", "analyst", "admin"]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Login(Body):
    name: Text(200) = ""
    password: Text(1024) = ""
    next: Next = None


class NewUser(Body):
    name: Text(100)
    role: Role
    password: Text(1024)


class RoleChange(Body):
    role: Role


class Versioned(Body):
    row_version: Version = None
    next: Next = None


class StatusChange(Versioned):
    status: Literal["auto", "confirmed", "rejected"]


class IncidentFields(Body):
    type: Optional[Text(40)] = None
    date_start: Optional[Text(10)] = None
    date_end: Optional[Text(10)] = None
    place: Optional[Text(500)] = None
    lat: Number = None
    lon: Number = None


class Edit(IncidentFields):
    """Either the fields themselves or a `fields` object; only the fields given are changed."""

    row_version: Version = None
    next: Next = None
    fields: Optional[IncidentFields] = None

    def changes(self) -> dict:
        given = self.fields if self.fields is not None else self
        names = given.model_fields_set & set(IncidentFields.model_fields)
        return {k: getattr(given, k) for k in names}


class Note(Body):
    text: Text(20000)


def _listed(value):
    return [value] if isinstance(value, str) else value


IdList = Annotated[list[Id], BeforeValidator(_listed), Field(max_length=1000)]


class Merge(Body):
    ids: IdList = []
    row_versions: dict[Id, Version] = {}
    row_version: Version = None
    next: Next = None


class Split(Body):
    keys: IdList = []
    row_version: Version = None
    next: Next = None


class Move(Body):
    target: Text(200) = ""
    next: Next = None


class Back(Body):
    next: Next = None


class IngestJob(Body):
    urls: Annotated[list[Text(2000)], Field(max_length=1000)] = []
    link: bool = False


def describe(exc: ValidationError) -> str:
    """One line per problem, naming the field: `fields.type: String should have at most 40 characters`."""
    out = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e["loc"]) or "body"
        out.append(f"{where}: {e['msg']}")
    return "; ".join(out)


def event_types(taxonomy_dir: Optional[str]) -> set[str]:
    """The event types of the taxonomy in effect, every language."""
    types: set[str] = set()
    for path in sorted(DEFAULT_DIR.glob("events.*.json")):
        types.update((load(path.name, taxonomy_dir).get("types") or {}).keys())
    return types

