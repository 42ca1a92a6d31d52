"""Writes: saving and submitting answers, verifying, locking, publishing, importing a spreadsheet,
adding and deactivating local-authority officer accounts.

Every write is atomic and leaves an audit event. Answers are checked by the pure core
(`perthyn.index.check_answers`), so the web and the command line accept exactly the same input.
"""

from __future__ import annotations

import secrets

import pandas as pd
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from perthyn.errors import Collector, InputErrors
from perthyn.index import check_answers
from perthyn.index.scoring import classify_answer
from perthyn.web.core.audit import record
from perthyn.web.core.models import Membership, Organisation

from .models import Answer, Response, Round
from .selectors import OFFICER, compute_results, questionnaire


class NotAllowed(Exception):
    pass


class AccountExists(Exception):
    """The username is taken (compared without regard to case)."""


def response_for(*, round_: Round, organisation: Organisation) -> Response:
    response, _ = Response.objects.get_or_create(round=round_, organisation=organisation)
    return response


def _check(values: dict, round_: Round, area_code: str, file: str = "form") -> None:
    row = {"area_code": area_code}
    for qid, (value, link, note) in values.items():
        row[qid] = value
        if link:
            row[qid + "__link"] = link
    check_answers(pd.DataFrame([row]), questionnaire(round_), file)


def _write(response: Response, values: dict) -> None:
    for qid, (value, link, note) in values.items():
        kind = classify_answer(value)  # store canonical ids: "na" -> not_applicable, blank -> ""
        Answer.objects.update_or_create(response=response, question=qid,
                                        defaults={"value": "" if kind == "unanswered" else kind,
                                                  "evidence_link": link, "note": note})


@transaction.atomic
def response_save(*, response: Response, values: dict, user, submit: bool = False, request=None) -> Response:
    """values: question id -> (answer, evidence link, note). Raises InputErrors, nothing saved."""
    if not response.round.is_open or response.state != Response.State.DRAFT:
        raise NotAllowed("this response can no longer be changed")
    _check(values, response.round, response.organisation.area_code)
    _write(response, values)
    if submit:
        response.state = Response.State.SUBMITTED
        response.submitted_at = timezone.now()
        response.submitted_by = user
    response.save()
    record("index.response_submitted" if submit else "index.response_saved", request=request,
           organisation=response.organisation, obj=response, round=response.round.year, answers=len(values))
    return response


@transaction.atomic
def response_verify(*, response: Response, user, request=None) -> Response:
    if response.state != Response.State.SUBMITTED or response.round.status == Round.Status.PUBLISHED:
        raise NotAllowed("only submitted responses in an unpublished round can be verified")
    response.state = Response.State.VERIFIED
    response.verified_at, response.verified_by = timezone.now(), user
    response.save()
    record("index.response_verified", request=request, organisation=response.organisation, obj=response,
           round=response.round.year)
    return response


@transaction.atomic
def response_return(*, response: Response, user, request=None) -> Response:
    if not response.round.is_open:
        raise NotAllowed("the round is locked")
    response.state = Response.State.DRAFT
    response.verified_at = response.verified_by = None
    response.save()
    record("index.response_returned", request=request, organisation=response.organisation, obj=response,
           round=response.round.year)
    return response


@transaction.atomic
def round_lock(*, round_: Round, user, request=None) -> Round:
    if not round_.is_open:
        raise NotAllowed("the round is already locked")
    round_.status, round_.locked_at = Round.Status.LOCKED, timezone.now()
    round_.save()
    record("index.round_locked", request=request, obj=round_, round=round_.year)
    return round_


@transaction.atomic
def round_publish(*, round_: Round, user, request=None) -> Round:
    if round_.status != Round.Status.LOCKED:
        raise NotAllowed("lock the round before publishing it")
    if not round_.responses.filter(state=Response.State.VERIFIED).exists():
        raise NotAllowed("verify at least one response before publishing")
    round_.status, round_.published_at = Round.Status.PUBLISHED, timezone.now()
    round_.save()
    round_freeze_results(round_=round_)
    record("index.round_published", request=request, obj=round_, round=round_.year)
    return round_


@transaction.atomic
def round_freeze_results(*, round_: Round) -> Round:
    """Compute a published round's results once and keep them on the round: its pages and downloads
    are served from this snapshot, so later edits to answers cannot change what was published."""
    if round_.status != Round.Status.PUBLISHED:
        raise NotAllowed("only a published round's results are frozen")
    res = compute_results(round_)
    round_.results_snapshot = res.to_dict() if res is not None else None
    round_.save(update_fields=["results_snapshot"])
    return round_


def read_sheet(upload) -> tuple[pd.DataFrame, str]:
    name = getattr(upload, "name", "upload")
    if name.lower().endswith((".xlsx", ".xlsm")):
        return pd.read_excel(upload, dtype=str).fillna(""), name
    return pd.read_csv(upload, dtype=str, keep_default_na=False), name


@transaction.atomic
def import_answers(*, round_: Round, frame: pd.DataFrame, file: str, user, request=None) -> int:
    """Import one row per authority, all or nothing. Rows become submitted responses."""
    if not round_.is_open:
        raise NotAllowed("the round is locked")
    q = questionnaire(round_)
    frame = check_answers(frame, q, file)
    problems = Collector(file=file)
    councils = {o.area_code: o for o in Organisation.objects.filter(kind=Organisation.Kind.COUNCIL)}
    for i, code in enumerate(frame["area_code"]):
        if code not in councils:
            problems.add(f"no local authority with area code '{code}'", row=i + 1, line=i + 2, column="area_code",
                         fix="use the authority's GSS code, as registered in Perthyn")
        elif Response.objects.filter(round=round_, organisation=councils[code],
                                     state=Response.State.VERIFIED).exists():
            problems.add(f"{councils[code].name} has a verified response already", row=i + 1, line=i + 2,
                         column="area_code", fix="return it to draft before importing over it")
    problems.raise_if_any(f"{len(problems.problems)} problem(s) in {file}")
    ids = [qq.id for qq in q.questions] + [s.id for s in q.self_assessment]
    for _, row in frame.iterrows():
        response = response_for(round_=round_, organisation=councils[row["area_code"]])
        values = {qid: (row.get(qid, ""), row.get(qid + "__link", ""), row.get(qid + "__note", ""))
                  for qid in ids if qid in frame.columns}
        _write(response, values)
        response.state, response.submitted_at, response.submitted_by = Response.State.SUBMITTED, timezone.now(), user
        response.save()
    record("index.answers_imported", request=request, obj=round_, round=round_.year, rows=len(frame), file=file)
    return len(frame)


def _initial_password() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, about 96 bits


@transaction.atomic
def officer_create(*, username: str, email: str, council: Organisation, user, request=None):
    """Add an officer account tied to one council. Returns (account, initial password): the password is
    stored only as a hash and must be shown once, never kept. Raises AccountExists, nothing saved."""
    if council.kind != Organisation.Kind.COUNCIL:
        raise NotAllowed("officers belong to a local authority")
    User = get_user_model()
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise AccountExists(username)
    password = _initial_password()
    try:
        with transaction.atomic():
            account = User.objects.create_user(username=username, email=email or "", password=password)
    except IntegrityError as exc:  # created by someone else between the check and the insert
        raise AccountExists(username) from exc
    Membership.objects.create(user=account, organisation=council, role=OFFICER)
    record("index.officer_created", request=request, actor=user, organisation=council, obj=account,
           username=account.username)
    return account, password


def _deactivatable(account) -> bool:
    """Only a plain officer account: one officer membership in a council, no other role, not staff."""
    roles = list(Membership.objects.filter(user=account).values_list("role", "organisation__kind"))
    return (not account.is_staff and not account.is_superuser and len(roles) >= 1
            and all(role == OFFICER and kind == Organisation.Kind.COUNCIL for role, kind in roles))


@transaction.atomic
def officer_deactivate(*, account, user, request=None):
    """Stop an officer account signing in (is_active=False; its open sessions stop working). Kept, not
    deleted, so the responses it submitted still name it."""
    account = get_user_model().objects.select_for_update().get(pk=account.pk)
    if not _deactivatable(account):
        raise NotAllowed("only local-authority officer accounts can be deactivated here")
    if not account.is_active:
        raise NotAllowed("the account is already deactivated")
    account.is_active = False
    account.save(update_fields=["is_active"])
    council = Membership.objects.filter(user=account, role=OFFICER).select_related("organisation").first()
    record("index.officer_deactivated", request=request, actor=user,
           organisation=council.organisation if council else None, obj=account, username=account.username)
    return account


__all__ = ["AccountExists", "InputErrors", "NotAllowed", "officer_create", "officer_deactivate", "import_answers", "read_sheet", "response_for", "response_return",
           "response_save", "response_verify", "round_freeze_results", "round_lock", "round_publish"]
