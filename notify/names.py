"""The names of the states staff act on, beside notify/wording.py's labels (one name per thing
across the digest, `status` and the exports).

A message the service did not take in the ordinary way is "mis de côté", in one of three states:
"retenu" (it cites a dossier its sender does not belong to: staff decide), "en quarantaine" (it
broke a limit), "en échec" (it could not be read; wording.MESSAGE_STATE_LABELS). An answer of
ours the recipient's server sent back is "non remise"; one our server refused, "en échec
d'envoi". A dossier staff must look at themselves (Dossier.review) is "à examiner".
"""
from __future__ import annotations

from notify import wording

SET_ASIDE = "mis de côté"  # the three message states below, together
HELD = "retenu"
BOUNCED = "non remise"
DOSSIER_REVIEW = "à examiner"

# as the heading of a list of such messages, in the order staff act
MESSAGE_GROUPS: dict[str, str] = {
    "held": "Messages retenus",
    "quarantined": "Messages en quarantaine",
    "failed": "Messages en échec",
}


def message_state(state: str | None, classification: str | None = None, error: str | None = None) -> str:
    """The state key staff see: a quarantined message that cites someone else's dossier is "held"
    (service/match.py: held for staff, classified as correspondence)."""
    if state == "quarantined" and (classification == "correspondence" or (error or "").startswith("message retenu")):
        return "held"
    return state or "archived"


def message_state_label(key: str, n: int = 1) -> str:
    """« retenu(s) », « en quarantaine », « en échec », « en attente de traitement »…"""
    if key == "held":
        return HELD + ("s" if n > 1 else "")
    return wording.MESSAGE_STATE_LABELS.get(key, key)
