"""Helpers shared by the composite tests."""


def meta_row(level, code, parent, weight=1, direction=1, kind=None, **extra):
    return {"Level": level, "iCode": code, "Parent": parent or "", "Weight": weight, "Direction": direction,
            "Type": kind or ("Indicator" if level == 1 else "Aggregate"), **extra}
