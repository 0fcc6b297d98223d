"""The export contract (../shared/spec/export-contract.md) as a JSON Schema, for the tests."""
from __future__ import annotations

KEYS = [
    "description.contexte", "description.objectifs", "description.problematique", "description.cibles",
    "description.methodologie", "description.phasage", "description.pilotage", "description.resultats",
    "description.perennisation", "budget.personnel", "budget.deplacements_logistique", "budget.prestations",
    "budget.cofinancements", "partenaires.liste", "partenaires.contributions",
]
FLAGS = ["plafond_depasse", "cofinancement_insuffisant", "hors_delai", "fin_apres_echeance",
         "depense_non_eligible", "document_illisible", "piece_jointe_protegee", "piece_jointe_non_supportee"]
ISO = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$"}
NUM = {"type": ["number", "null"]}
SOURCE = {"type": "object", "required": ["attachment", "page", "excerpt"],
          "properties": {"attachment": {"type": ["string", "null"]}, "page": {"type": ["integer", "null"]},
                         "excerpt": {"type": "string"}}}

SCHEMA = {
    "type": "object",
    "required": ["schema", "call", "generated_at", "dossiers", "messages"],
    "properties": {
        "schema": {"const": 1},
        "call": {"type": "string"},
        "generated_at": ISO,
        "dossiers": {"type": "array", "items": {
            "type": "object",
            "required": ["reference", "status", "applicant", "project_title", "received_at", "updated_at",
                         "requirements", "missing", "budget", "partners", "flags", "attachments", "messages",
                         "notifications"],
            "properties": {
                "reference": {"type": "string", "pattern": r"^[A-Z]+-\d{4}-\d{4}$"},
                "status": {"enum": ["complete", "incomplete"]},
                "applicant": {"type": "object", "required": ["email", "name", "organisation"]},
                "project_title": {"type": ["string", "null"]},
                "received_at": ISO, "updated_at": ISO,
                "requirements": {"type": "object", "propertyNames": {"enum": KEYS},
                                 "additionalProperties": {
                                     "type": "object", "required": ["present"],
                                     "properties": {"present": {"type": "boolean"},
                                                    "source": {"oneOf": [SOURCE, {"type": "null"}]}}}},
                "missing": {"type": "array", "items": {"enum": KEYS}},
                "budget": {"type": "object",
                           "required": ["total_eur", "anact_request_eur", "cofinancing_eur", "cofinancing_share",
                                        "by_category", "cofinancements"],
                           "properties": {"total_eur": NUM, "anact_request_eur": NUM, "cofinancing_eur": NUM,
                                          "cofinancing_share": NUM,
                                          "by_category": {"type": "object", "additionalProperties": NUM},
                                          "cofinancements": {"type": "array", "items": {
                                              "type": "object", "required": ["source", "amount_eur", "nature"]}}}},
                "partners": {"type": "array", "items": {"type": "object", "required": ["name", "contribution"]}},
                "flags": {"type": "array", "items": {"enum": FLAGS}},
                "attachments": {"type": "array", "items": {
                    "type": "object", "required": ["filename", "sha256", "content_type", "size", "extraction"],
                    "properties": {"extraction": {"enum": ["ok", "unreadable", "encrypted", "unsupported",
                                                           "error"]}}}},
                "messages": {"type": "array", "items": {"type": "string"}},
                "notifications": {"type": "array", "items": {
                    "type": "object", "required": ["kind", "to", "status", "message_id"],
                    "properties": {"kind": {"enum": ["acknowledgement", "completion_request",
                                                     "completion_acknowledgement"]},
                                   "status": {"enum": ["sent", "pending", "written", "failed"]}}}},
            }}},
        "messages": {"type": "array", "items": {
            "type": "object",
            "required": ["message_id", "from", "subject", "received_at", "classification", "dossier", "error"],
            "properties": {
                "classification": {"enum": ["submission", "reply", "correspondence", "auto_reply", "bounce", None]},
                "received_at": ISO,
                "dossier": {"type": ["string", "null"]},
                "error": {"type": ["string", "null"]},
            }}},
    },
}


def validate(doc: dict) -> None:
    import jsonschema

    jsonschema.validate(doc, SCHEMA)
