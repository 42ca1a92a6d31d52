"""A small, safe expression language over the standard person schema.

Indicator definitions say who is counted and what is measured with expressions such as
``econ_activity == 'employed' and 16 <= age <= 64`` or ``english_proficiency in ['very_well', 'well']``.
The syntax is a strict subset of Python expressions, parsed by the standard library's ``ast`` module
and then checked node by node against a whitelist: names must be person-schema columns, string
literals compared with a category column must be in its code list, and types must agree. Nothing is
ever evaluated by Python: ``to_ibis`` compiles the tree to an Ibis expression that an engine runs
(DuckDB by default, PySpark alike).

Allowed: column names; numbers, 'strings', true/false; ``== != < <= > >=`` (chains too); ``in [...]``
and ``not in [...]``; ``and``, ``or``, ``not``; ``+ - * /`` and unary minus; ``is_missing(column)``.
"""

from __future__ import annotations

import ast
import functools
import operator
from dataclasses import dataclass
from pathlib import Path

import yaml

from perthyn import definitions_dir

# value types the checker works with
BOOL, NUMBER, STRING, DATE = "boolean", "number", "string", "date"
_SCHEMA_TYPES = {"boolean": BOOL, "integer": NUMBER, "float": NUMBER, "string": STRING,
                 "category": STRING, "date": DATE}
_CONSTANTS = {"true": True, "false": False, "True": True, "False": False}
_COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
        ">=": operator.ge, "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


class ExprError(ValueError):
    """A malformed expression; ``offset`` is the 0-based character position when known."""

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Column:
    name: str
    type: str                  # one of BOOL, NUMBER, STRING, DATE
    codes: tuple[str, ...] = ()  # closed code list for category columns


@dataclass(frozen=True)
class Schema:
    version: int
    columns: dict

    def __contains__(self, name):
        return name in self.columns


@functools.lru_cache(maxsize=4)
def person_schema(path: str | None = None) -> Schema:
    """The standard person schema (bundled YAML) as column name -> Column."""
    source = Path(path) if path else Path(str(definitions_dir() / "person_schema.yaml"))
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    cols = {
        name: Column(name, _SCHEMA_TYPES[spec["type"]], tuple(spec.get("codes") or ()))
        for name, spec in raw["columns"].items()
    }
    return Schema(int(raw.get("version", 1)), cols)


@dataclass(frozen=True)
class Expr:
    """A parsed, checked expression: its text, syntax tree, result type and the columns it reads."""

    text: str
    tree: ast.AST
    type: str
    columns: tuple[str, ...]


def parse(text: str, schema: Schema | None = None) -> Expr:
    """Parse and check ``text``; raise ExprError naming what is wrong and how to fix it."""
    if not isinstance(text, str) or not text.strip():
        raise ExprError("the expression is empty; write e.g. \"econ_activity == 'employed'\"")
    schema = schema or person_schema()
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as exc:
        # CPython often reports offset 1 for an incomplete expression, which would point at the wrong place
        offset = exc.offset - 1 if exc.offset and exc.offset > 1 else None
        raise ExprError(f"not a valid expression: {exc.msg}", offset) from None
    checker = _Checker(schema)
    kind = checker.check(tree)
    return Expr(text.strip(), tree, kind, tuple(sorted(checker.seen)))


def columns(text: str, schema: Schema | None = None) -> tuple[str, ...]:
    """The person-schema columns an expression reads, sorted."""
    return parse(text, schema).columns


def to_ibis(text: str | Expr, table):
    """Compile an expression to an Ibis value expression over ``table`` (an ibis Table)."""
    expr = text if isinstance(text, Expr) else parse(text)
    missing = [c for c in expr.columns if c not in table.columns]
    if missing:
        raise ExprError(f"the table has no column(s) {', '.join(missing)} that '{expr.text}' needs")
    return _compile(expr.tree, table)


# --- checking -------------------------------------------------------------------------------------


class _Checker:
    def __init__(self, schema: Schema):
        self.schema = schema
        self.seen: set[str] = set()

    def fail(self, node, message):
        raise ExprError(message, getattr(node, "col_offset", None))

    def check(self, node) -> str:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            self.fail(node, f"'{ast.unparse(node)}' is not allowed here: use columns, literals, comparisons, "
                            "in [...], and/or/not, + - * / and is_missing(column)")
        return method(node)

    def column(self, node) -> Column | None:
        if isinstance(node, ast.Name) and node.id not in _CONSTANTS:
            return self.schema.columns.get(node.id)
        return None

    def _Name(self, node):
        if node.id in _CONSTANTS:
            return BOOL
        col = self.schema.columns.get(node.id)
        if col is None:
            known = ", ".join(sorted(self.schema.columns))
            self.fail(node, f"unknown column '{node.id}'; the person schema has: {known}")
        self.seen.add(node.id)
        return col.type

    def _Constant(self, node):
        v = node.value
        if isinstance(v, bool):
            return BOOL
        if isinstance(v, (int, float)):
            return NUMBER
        if isinstance(v, str):
            return STRING
        self.fail(node, f"literal {v!r} is not allowed; use a number, a 'string' or true/false")

    def _BoolOp(self, node):
        for value in node.values:
            if self.check(value) != BOOL:
                self.fail(value, f"'{ast.unparse(value)}' is not true/false, so it cannot be joined with and/or")
        return BOOL

    def _UnaryOp(self, node):
        kind = self.check(node.operand)
        if isinstance(node.op, ast.Not):
            if kind != BOOL:
                self.fail(node, f"'not' needs a true/false value, got {kind}")
            return BOOL
        if isinstance(node.op, (ast.USub, ast.UAdd)) and kind == NUMBER:
            return NUMBER
        self.fail(node, f"the operator in '{ast.unparse(node)}' is not allowed")

    def _BinOp(self, node):
        if type(node.op) not in _ARITH:
            self.fail(node, f"only + - * / are allowed, not '{ast.unparse(node)}'")
        for side in (node.left, node.right):
            if self.check(side) != NUMBER:
                self.fail(side, f"arithmetic needs numbers; '{ast.unparse(side)}' is not a number")
        return NUMBER

    def _Compare(self, node):
        left = node.left
        for op, right in zip(node.ops, node.comparators):
            if isinstance(op, (ast.In, ast.NotIn)):
                self._membership(left, right)
            elif type(op) in _COMPARE:
                self._comparison(left, op, right)
            else:
                self.fail(node, f"'{ast.unparse(node)}': use == or != instead of 'is'")
            left = right
        return BOOL

    def _comparison(self, left, op, right):
        lt, rt = self.check(left), self.check(right)
        if lt != rt:
            self.fail(right, f"cannot compare {lt} with {rt} in '{ast.unparse(left)} ... {ast.unparse(right)}'")
        if lt == BOOL and type(op) not in (ast.Eq, ast.NotEq):
            self.fail(right, "true/false values can only be compared with == or !=")
        if lt == STRING and type(op) not in (ast.Eq, ast.NotEq):
            self.fail(right, "text and category values can only be compared with == or != (or 'in')")
        for col_node, lit in ((left, right), (right, left)):
            self._code_in_list(col_node, lit)

    def _membership(self, left, right):
        if not isinstance(right, (ast.List, ast.Tuple)) or not right.elts:
            self.fail(right, "'in' needs a non-empty list of literals, e.g. in ['good', 'very_good']")
        lt = self.check(left)
        for elt in right.elts:
            if not isinstance(elt, ast.Constant):
                self.fail(elt, "the list after 'in' may hold only literal values")
            et = self.check(elt)
            if et != lt:
                self.fail(elt, f"list value {ast.unparse(elt)} is {et} but '{ast.unparse(left)}' is {lt}")
            self._code_in_list(left, elt)

    def _code_in_list(self, col_node, lit):
        col = self.column(col_node)
        if col and col.codes and isinstance(lit, ast.Constant) and isinstance(lit.value, str):
            if lit.value not in col.codes:
                self.fail(lit, f"'{lit.value}' is not a code of column '{col.name}'; "
                               f"its codes are: {', '.join(col.codes)}")

    def _Call(self, node):
        if not (isinstance(node.func, ast.Name) and node.func.id == "is_missing"):
            self.fail(node, f"unknown function in '{ast.unparse(node)}'; the only function is is_missing(column)")
        if node.keywords or len(node.args) != 1 or self.column(node.args[0]) is None:
            self.fail(node, "is_missing takes exactly one person-schema column, e.g. is_missing(tenure)")
        self.check(node.args[0])
        return BOOL


# --- compiling ------------------------------------------------------------------------------------


def _compile(node, t):
    import ibis

    if isinstance(node, ast.Name):
        return ibis.literal(_CONSTANTS[node.id]) if node.id in _CONSTANTS else t[node.id]
    if isinstance(node, ast.Constant):
        return ibis.literal(node.value)
    if isinstance(node, ast.BoolOp):
        parts = [_compile(v, t) for v in node.values]
        return functools.reduce((lambda a, b: a & b) if isinstance(node.op, ast.And) else (lambda a, b: a | b), parts)
    if isinstance(node, ast.UnaryOp):
        inner = _compile(node.operand, t)
        return ~inner if isinstance(node.op, ast.Not) else (-inner if isinstance(node.op, ast.USub) else inner)
    if isinstance(node, ast.BinOp):
        a, b = _compile(node.left, t), _compile(node.right, t)
        return _OPS[_ARITH[type(node.op)]](a, b)
    if isinstance(node, ast.Call):
        return t[node.args[0].id].isnull()
    if isinstance(node, ast.Compare):
        parts, left = [], node.left
        for op, right in zip(node.ops, node.comparators):
            lhs = _compile(left, t)
            if isinstance(op, (ast.In, ast.NotIn)):
                values = [e.value for e in right.elts]
                parts.append(lhs.isin(values) if isinstance(op, ast.In) else lhs.notin(values))
            else:
                parts.append(_OPS[_COMPARE[type(op)]](lhs, _compile(right, t)))
            left = right
        return functools.reduce(lambda a, b: a & b, parts)
    raise ExprError(f"cannot compile '{ast.unparse(node)}'")  # unreachable after parse()
