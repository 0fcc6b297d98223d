"""Settings errors in French, in one line: the setting, the value it was given, what it accepts.

Built from the declared schema (config/settings.py): the accepted values of a Literal, the bounds
of a number; the validators of the schema give their own French reason.
"""
from __future__ import annotations

import errno
import types
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from pydantic import SecretStr
from pydantic.fields import FieldInfo

SHOWN = 60  # characters of a wrong value repeated in the message

_OS_REASONS = {
    errno.EACCES: "permission refusée",
    errno.EPERM: "permission refusée",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENOTDIR: "un élément du chemin est un fichier, pas un dossier",
    errno.EEXIST: "un fichier porte déjà ce nom",
    errno.ENOENT: "chemin introuvable",
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota de disque atteint",
    errno.EISDIR: "c’est un dossier, pas un fichier",
    errno.ENAMETOOLONG: "nom trop long",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in French (never a Python error name)."""
    return _OS_REASONS.get(exc.errno or 0, f"erreur système {exc.errno}" if exc.errno else "erreur système")


def env_name(field_name: str, field: FieldInfo | None) -> str:
    if field is not None and field.alias:
        return field.alias
    return "FABRIQUE_" + field_name.upper()


def _plain(annotation: Any) -> tuple[Any, tuple]:
    """The annotation without Optional, and its Literal choices if it is one."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else annotation
    if get_origin(annotation) is Literal:
        return Literal, get_args(annotation)
    return annotation, ()


def _either(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " ou " + values[-1]


def _bounds(field: FieldInfo) -> str:
    low = high = None
    for item in field.metadata:
        if isinstance(item, Ge):
            low = f"{item.ge}"
        elif isinstance(item, Gt):
            low = f"supérieur à {item.gt}"
        elif isinstance(item, Le):
            high = f"{item.le}"
        elif isinstance(item, Lt):
            high = f"inférieur à {item.lt}"
    if low is not None and high is not None and not low.startswith("supérieur"):
        return f" de {low} à {high}"
    if low == "0":
        return " positif ou nul"
    if low is not None:
        return f" {low}" if low.startswith("supérieur") else f" d’au moins {low}"
    if high is not None:
        return f" {high}" if high.startswith("inférieur") else f" d’au plus {high}"
    return ""


def accepted(field: FieldInfo) -> str:
    """What a setting accepts, in French: « un nombre entier de 1 à 65535 », « ssl, starttls ou none »."""
    kind, choices = _plain(field.annotation)
    if choices:
        return "l’une des valeurs " + _either([str(c) for c in choices])
    if kind is bool:
        return "true ou false (ou 1 / 0, yes / no, on / off)"
    if kind is int:
        return "un nombre entier" + _bounds(field)
    if kind is float:
        return "un nombre" + _bounds(field) + " (décimales après un point : 7.5)"
    if kind is Path:
        return "un chemin de fichier ou de dossier"
    return "un texte"


def describe(error: dict, fields: dict[str, FieldInfo]) -> str:
    """One pydantic error as one French line naming the setting."""
    loc = error.get("loc") or ()
    key = str(loc[0]) if loc else ""
    field_name = next((n for n, f in fields.items() if key in (n, f.alias)), key.lower().removeprefix("fabrique_"))
    field = fields.get(field_name)
    name = env_name(field_name, field) if key else "FABRIQUE_*"
    value = error.get("input")
    if field is not None and _plain(field.annotation)[0] is SecretStr:
        shown = "(valeur masquée)"
    elif isinstance(value, (str, int, float, bool)):
        text = str(value)
        shown = f"« {text[:SHOWN]}{'…' if len(text) > SHOWN else ''} »"
    else:
        shown = ""
    head = f"{name} = {shown} refusé" if shown else f"{name} refusé"
    if error.get("type") == "value_error":  # the schema's own validators say why, in French
        reason = str(error.get("ctx", {}).get("error") or error.get("msg", "")).removeprefix("Value error, ")
        return f"{head} : {reason.rstrip('.')}."
    if field is None:
        return f"{head} : {error.get('msg', '')}"
    return f"{head} ; valeur attendue : {accepted(field)}."
