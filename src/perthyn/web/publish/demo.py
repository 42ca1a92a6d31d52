"""Demo content for the profiles: compute the synthetic indicator estimates once, so the first profile page
opens quickly. Idempotent (cached on disk under PERTHYN_DATA_DIR)."""


def seed() -> None:
    from perthyn.publish.estimates import synthetic_default

    synthetic_default()
