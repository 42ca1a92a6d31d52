"""Run a multi-step build described in YAML, e.g.

    idata: iData.csv            # paths relative to the spec file
    imeta: iMeta.csv
    steps:
      - denominate: {}
      - impute: {method: mean_group, group: EurAsia_group}
      - screen: {dat_thresh: 0.66}
      - treat: {winmax: 5, skew_thresh: 2, kurt_thresh: 3.5}
      - normalise: {method: minmax, low: 0, high: 100}
      - aggregate: {method: amean}
    analyse: true
    uncertainty: {replications: 1000, dset: Treated}

Each step reads the data set the previous one wrote (or `dset:` to pick another).
"""

from __future__ import annotations

import inspect
from pathlib import Path

import yaml

from perthyn.errors import Collector

from .aggregate import aggregate
from .analysis import analyse
from .coin import Coin
from .normalise import normalise
from .prepare import denominate, impute, screen
from .read import read_coin
from .treat import treat
from .uncertainty import UncertaintySpec

STEPS = {"denominate": denominate, "impute": impute, "screen": screen, "treat": treat,
         "normalise": normalise, "aggregate": aggregate}
TOP_KEYS = {"idata", "imeta", "steps", "analyse", "uncertainty", "sensitivity", "title"}


def _line_of(text: str, key: str) -> int | None:
    for i, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(key):
            return i
    return None


def load_spec(path: str | Path) -> dict:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    problems = Collector(file=str(path))
    try:
        spec = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.add(f"not valid YAML: {getattr(exc, 'problem', exc)}", line=mark.line + 1 if mark else None,
                     fix="check indentation and quoting")
        problems.raise_if_any()
    if not isinstance(spec, dict):
        problems.add("the spec must be a mapping with idata, imeta and steps", line=1)
        problems.raise_if_any()
    for key in spec:
        if key not in TOP_KEYS:
            problems.add(f"unknown key '{key}'", line=_line_of(text, f"{key}:"), column=key,
                         fix=f"use one of {', '.join(sorted(TOP_KEYS))}")
    for key in ("idata", "imeta"):
        if key not in spec:
            problems.add(f"'{key}' is required", column=key, fix=f"give the path of the {key} CSV")
        elif not (path.parent / str(spec[key])).exists():
            problems.add(f"file '{spec[key]}' not found (relative to the spec)", line=_line_of(text, f"{key}:"),
                         column=key, fix="correct the path")
    steps = spec.get("steps") or []
    if not isinstance(steps, list):
        problems.add("'steps' must be a list", column="steps", line=_line_of(text, "steps:"))
        steps = []
    for i, step in enumerate(steps):
        where = f"steps[{i}]"
        if not isinstance(step, dict) or len(step) != 1:
            problems.add("each step is a mapping with one key, the step name", column=where)
            continue
        (name, params), = step.items()
        if name not in STEPS:
            problems.add(f"unknown step '{name}'", column=where, line=_line_of(text, f"- {name}"),
                         fix=f"use one of {', '.join(STEPS)}")
            continue
        params = params or {}
        if not isinstance(params, dict):
            problems.add("step parameters must be a mapping", column=f"{where}.{name}")
            continue
        allowed = set(inspect.signature(STEPS[name]).parameters) - {"coin"} | ({"range"} if name == "normalise" else set())
        for key in params:
            if key not in allowed:
                problems.add(f"unknown parameter '{key}' for {name}", column=f"{where}.{name}.{key}",
                             line=_line_of(text, f"{key}:"), fix=f"use one of {', '.join(sorted(allowed))}")
    for key in ("uncertainty", "sensitivity"):
        block = spec.get(key)
        if isinstance(block, dict):
            allowed = set(UncertaintySpec.__dataclass_fields__) | {"dset", "n"}
            for k in block:
                if k not in allowed:
                    problems.add(f"unknown parameter '{k}'", column=f"{key}.{k}", line=_line_of(text, f"{k}:"),
                                 fix=f"use one of {', '.join(sorted(allowed))}")
    problems.raise_if_any()
    spec["_base"] = path.parent
    return spec


def uncertainty_spec(block: dict) -> UncertaintySpec:
    kwargs = {k: (tuple(v) if isinstance(v, list) else v) for k, v in block.items() if k not in ("dset", "n")}
    return UncertaintySpec(**kwargs)


def run_pipeline(spec: dict, progress=None) -> Coin:
    base = spec["_base"]
    coin = read_coin(base / spec["idata"], base / spec["imeta"])
    for step in spec.get("steps") or []:
        (name, params), = step.items()
        params = dict(params or {})
        if "range" in params:  # allow `range: [low, high]` for normalise
            params["low"], params["high"] = params.pop("range")
        STEPS[name](coin, **params)
        if progress:
            progress(name)
    if spec.get("analyse") and "Aggregated" in coin.data:
        analyse(coin)
    return coin
