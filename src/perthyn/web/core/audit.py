"""One function to write the audit log, so every job records events the same way."""

from __future__ import annotations

from .models import AuditEvent


def record(action: str, *, request=None, actor=None, organisation=None, obj=None, **detail) -> AuditEvent:
    if request is not None and actor is None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        organisation=organisation,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
        detail=detail,
        ip_address=ip,
    )
