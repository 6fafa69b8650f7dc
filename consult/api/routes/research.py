"""GET /api/v1/research/diagnoses (the published diagnoses of the quality of cooperation,
newest year first) and /api/v1/research/diagnoses/<slug> (one diagnosis's index by area and
respondent group). The figures come from ``consult.research.results`` with the threshold
applied: a group with fewer answers than the diagnosis's minimum has ``index`` null, no
areas, and a note, never its number of answers. An unpublished diagnosis is 404.

Published results do not change (a diagnosis is published only once closed), so the
version behind ETag is the diagnoses' publication times.
"""

from flask import abort
from sqlalchemy import func, select

from consult.api import bp
from consult.api.responses import PER_PAGE, conditional_json, page_number
from consult.core.urls import external_url
from consult.extensions import db
from consult.research import exports
from consult.research.models import Diagnosis
from consult.research.results import compute, compute_all, published, published_diagnoses


def _version(*where) -> str:
    row = db.session.execute(
        select(func.count(Diagnosis.id), func.max(Diagnosis.id), func.max(Diagnosis.published_at))
        .where(Diagnosis.published_at.is_not(None), *where)).one()
    return ":".join(str(value) for value in row)


@bp.get("/research/diagnoses")
def research_diagnoses():
    number = page_number()

    def build() -> dict:
        diagnoses = published_diagnoses()
        shown = diagnoses[(number - 1) * PER_PAGE:number * PER_PAGE]
        return {
            "items": [exports.summary_json(results) for results in compute_all(shown)],
            "next": external_url("api.research_diagnoses", page=number + 1)
            if len(diagnoses) > number * PER_PAGE else None,
        }

    return conditional_json(f"research-diagnoses:{number}:{_version()}", None, build)


@bp.get("/research/diagnoses/<slug>")
def research_diagnosis(slug):
    diagnosis = published(slug)
    if diagnosis is None:
        abort(404)
    return conditional_json(
        f"research-diagnosis:{diagnosis.id}:{diagnosis.published_at.isoformat()}", None,
        lambda: exports.detail_json(compute(diagnosis)))
