"""PG fee rules: which rule applies to a payment, and fee, fee VAT and settlement from it.

Per captured payment, with kept = amount − cancel_amount::

    fee        = max(round(kept × rate), min if kept > 0 else 0) + flat
    fee_vat    = round(fee × vat_rate)
    settlement = kept − fee − fee_vat

``flat`` is charged once per captured payment and is not returned on refund. Rounding is the
schedule's (or the rule's own), always through :func:`recon_app.domain.money.apply_rate`.
The most specific rule wins: pg+method > method > pg > catch-all.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

from recon_app.domain.display import format_won
from recon_app.domain.errors import InputError
from recon_app.domain.money import Rounding, apply_rate, parse_rate, parse_won, rate_fraction

DEFAULT_VAT_RATE = Decimal("0.10")
DEFAULT_ROUNDING = Rounding.HALF_UP

_RULE_KEYS = {"pg", "method", "rate", "min", "flat", "vat_rate", "rounding"}
_TOP_KEYS = {"vat_rate", "rounding", "rule"}


@dataclass(frozen=True)
class FeeRule:
    pg: str | None = None
    method: str | None = None
    rate: Decimal = Decimal(0)
    min: int = 0
    flat: int = 0
    #: Per-rule overrides; None means "the schedule's".
    vat_rate: Decimal | None = None
    rounding: Rounding | None = None

    @property
    def specificity(self) -> int:
        """3 pg+method, 2 method, 1 pg, 0 catch-all."""
        return (2 if self.method else 0) + (1 if self.pg else 0)

    def describe(self) -> str:
        parts = []
        if self.rate:
            parts.append(f"{(self.rate * 100).normalize():f}%")
        if self.min:
            parts.append(f"최소 {self.min:,}원")
        if self.flat:
            parts.append(f"건당 {self.flat:,}원")
        scope = " / ".join(p for p in (self.pg, self.method) if p) or "기본"
        return f"[{scope}] " + (", ".join(parts) or "수수료 없음")


@dataclass(frozen=True)
class FeeBreakdown:
    kept: int
    fee: int
    fee_vat: int
    settlement: int
    rule: FeeRule
    steps: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class FeeSchedule:
    rules: tuple[FeeRule, ...]
    vat_rate: Decimal = DEFAULT_VAT_RATE
    rounding: Rounding = DEFAULT_ROUNDING
    source: str = "기본 수수료 규칙"

    def __post_init__(self) -> None:
        seen: set[tuple[str | None, str | None]] = set()
        for rule in self.rules:
            key = (rule.pg, rule.method)
            if key in seen:
                raise InputError(
                    f"{self.source}: pg={rule.pg or '(전체)'}, method={rule.method or '(전체)'} "
                    "규칙이 두 번 있습니다.",
                    hint="같은 pg·method 조합의 규칙은 하나만 남기세요.",
                )
            seen.add(key)
        if (None, None) not in seen:
            raise InputError(
                f"{self.source}: pg도 method도 없는 기본(catch-all) 규칙이 없습니다.",
                hint='[[rule]] 아래에 rate = "0.032" 처럼 pg·method 없이 규칙을 하나 추가하세요.',
            )

    # -- lookup ---------------------------------------------------------------------------
    def rule_for(self, pg: str | None, method: str | None) -> FeeRule:
        best: FeeRule | None = None
        for rule in self.rules:
            if rule.pg is not None and rule.pg != pg:
                continue
            if rule.method is not None and rule.method != method:
                continue
            if best is None or rule.specificity > best.specificity:
                best = rule
        assert best is not None  # the catch-all always matches
        return best

    def vat_of(self, rule: FeeRule) -> Decimal:
        return self.vat_rate if rule.vat_rate is None else rule.vat_rate

    def rounding_of(self, rule: FeeRule) -> Rounding:
        return self.rounding if rule.rounding is None else rule.rounding

    # -- per payment (detail view, tests) --------------------------------------------------
    def compute(self, kept: int, pg: str | None, method: str | None) -> FeeBreakdown:
        rule = self.rule_for(pg, method)
        rounding = self.rounding_of(rule)
        vat_rate = self.vat_of(rule)
        # Python ints are exact at any size; the same guards as the bulk path keep the two paths
        # answering alike (both refuse what int64 columns cannot hold).
        _check_exact(abs(kept), rule.rate, "요율")
        by_rate = apply_rate(kept, rule.rate, rounding)
        floor_min = rule.min if kept > 0 else 0
        fee = max(by_rate, floor_min) + rule.flat
        _check_exact(fee, vat_rate, "부가세율")
        fee_vat = apply_rate(fee, vat_rate, rounding)
        settlement = kept - fee - fee_vat
        steps = (
            f"적용 규칙: {rule.describe()}",
            f"정산대상 금액(결제-취소) = {kept:,}원",
            f"요율 수수료 = round({kept:,} × {rule.rate}) = {by_rate:,}원 ({rounding.value})",
            f"최소 수수료 적용 = max({by_rate:,}, {floor_min:,}) = {max(by_rate, floor_min):,}원",
            f"건당 정액 {rule.flat:,}원 더함 → 수수료 {fee:,}원",
            f"수수료 부가세 = round({fee:,} × {vat_rate}) = {fee_vat:,}원",
            f"정산 예정액 = {kept:,} − {fee:,} − {fee_vat:,} = {settlement:,}원",
        )
        return FeeBreakdown(kept, fee, fee_vat, settlement, rule, steps)

    # -- bulk ------------------------------------------------------------------------------
    def compute_columns(
        self, kept: np.ndarray, pg: np.ndarray, method: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Vectorised ``compute``: int64 fee and fee VAT for each payment (same answers)."""
        fee, vat, _ = self.compute_columns_with_rules(kept, pg, method)
        return fee, vat

    def compute_columns_with_rules(
        self, kept: np.ndarray, pg: np.ndarray, method: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``compute_columns`` plus, per payment, the index into ``self.rules`` that applied.

        Rules are resolved once per distinct (pg, method) pair, then applied as integer column
        arithmetic per rule group, so a million payments cost a handful of numpy passes.
        """
        kept = np.asarray(kept, dtype=np.int64)
        fee = np.zeros(len(kept), dtype=np.int64)
        vat = np.zeros(len(kept), dtype=np.int64)
        rule_index = self.rule_indices(pg, method)
        if len(kept) == 0:
            return fee, vat, rule_index
        for i in np.unique(rule_index).tolist():
            rule = self.rules[i]
            mask = rule_index == i
            k = kept[mask]
            rounding = self.rounding_of(rule)
            _check_exact(int(np.abs(k).max()), rule.rate, "요율")
            by_rate = apply_rate(k, rule.rate, rounding)
            positive = k > 0
            min_applies = bool(positive.any())
            # The largest fee of the group, in Python ints, checked before int64 holds it and
            # before the VAT step multiplies it (that step once wrapped around silently).
            biggest_fee = max(int(by_rate.max()), rule.min if min_applies else 0, 0) + rule.flat
            _check_exact(biggest_fee, self.vat_of(rule), "부가세율")
            floor_min = np.where(positive, rule.min, 0) if min_applies else 0
            f = np.maximum(by_rate, floor_min) + rule.flat
            fee[mask] = f
            vat[mask] = apply_rate(f, self.vat_of(rule), rounding)
        return fee, vat, rule_index

    def rule_indices(self, pg: np.ndarray, method: np.ndarray) -> np.ndarray:
        """Per payment, the index into ``self.rules`` of the rule ``rule_for`` picks (int64).

        pg and method are factorised separately (two hash passes over plain strings; hashing
        a million (pg, method) tuples was ~1.5 s), then a small (pg × method) table is filled by
        ``rule_for`` so the scalar and the bulk path cannot disagree. None/NaN mean "not set".
        """
        import pandas as pd  # local: keeps `import recon_app.domain.fees` light for the CLI

        pg_codes, pg_uniques = pd.factorize(pd.Series(pg, dtype=object), use_na_sentinel=True)
        m_codes, m_uniques = pd.factorize(pd.Series(method, dtype=object), use_na_sentinel=True)
        pg_values: list[str | None] = [None, *(str(v) for v in pg_uniques)]
        m_values: list[str | None] = [None, *(str(v) for v in m_uniques)]
        position = {id(rule): i for i, rule in enumerate(self.rules)}
        table = np.array(
            [position[id(self.rule_for(p, m))] for p in pg_values for m in m_values], dtype=np.int64
        )
        combined = (np.asarray(pg_codes, dtype=np.int64) + 1) * len(m_values) + (
            np.asarray(m_codes, dtype=np.int64) + 1
        )
        picked: np.ndarray = table[combined]
        return picked

    def with_rules(self, rules: tuple[FeeRule, ...]) -> FeeSchedule:
        return replace(self, rules=rules)


def _check_exact(biggest: int, rate: Decimal, what: str) -> None:
    """Refuse ``biggest × rate`` when its exact integer step would not fit in int64.

    ``apply_rate`` computes ``(amount × num × 2 + den) // (2 × den)`` (money.divide_rounded);
    in an int64 column a bigger intermediate wraps around to a wrong amount without a word.
    """
    num, den = rate_fraction(rate)
    if biggest * max(num, 1) * 2 + den >= 2**63:
        raise InputError(
            f"{what} {rate}을(를) {format_won(biggest)}원에 곱하면 정확히 계산할 수 있는 범위를 "
            "넘습니다.",
            hint="요율·부가세율의 소수점 아래 자릿수를 줄이고(예: 0.032, 0.1) 최소·정액 수수료가 "
            "원 단위로 맞는지 확인하세요.",
        )


# -- reading rules ---------------------------------------------------------------------------
def default_schedule() -> FeeSchedule:
    """The shipped rules (``resources/fees.default.toml``): card 3.2%, vbank 300 KRW flat,
    trans 1.8% (min 200), phone 3.5%, other 3.2%; VAT 10%; half_up."""
    from recon_app.paths import resource_path

    schedule = load_schedule(resource_path("fees.default.toml"))
    return replace(schedule, source="기본 수수료 규칙")


def load_schedule(path: Path) -> FeeSchedule:
    """Read a fee TOML file; every mistake is an InputError naming the file and the key."""
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(
            f"수수료 파일 '{name}'이(가) 없습니다.", hint="경로를 확인하세요."
        ) from None
    except UnicodeDecodeError:
        raise InputError(f"수수료 파일 '{name}'은(는) UTF-8 텍스트가 아닙니다.") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"수수료 파일 '{name}'의 TOML 문법 오류: {exc}") from None
    return schedule_from_dict(data, source=name)


def schedule_from_dict(data: dict[str, Any], *, source: str) -> FeeSchedule:
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise InputError(
            f"{source}: 알 수 없는 키 {', '.join(sorted(unknown))}",
            hint=f"쓸 수 있는 최상위 키: {', '.join(sorted(_TOP_KEYS))}",
        )
    try:
        vat_rate = parse_rate(data.get("vat_rate", DEFAULT_VAT_RATE))
        rounding = Rounding.parse(data.get("rounding", DEFAULT_ROUNDING.value))
    except ValueError as exc:
        raise InputError(f"{source}: {exc}") from None
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise InputError(f"{source}: 'rule'은 [[rule]] 표의 목록이어야 합니다.")
    rules = tuple(_rule_from_dict(r, source, i + 1) for i, r in enumerate(raw_rules))
    return FeeSchedule(rules=rules, vat_rate=vat_rate, rounding=rounding, source=source)


def _rule_from_dict(raw: Any, source: str, index: int) -> FeeRule:
    where = f"{source}: {index}번째 [[rule]]"
    if not isinstance(raw, dict):
        raise InputError(f"{where}이(가) 표가 아닙니다.")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise InputError(
            f"{where}: 알 수 없는 키 {', '.join(sorted(unknown))}",
            hint=f"쓸 수 있는 키: {', '.join(sorted(_RULE_KEYS))}",
        )
    try:
        return FeeRule(
            pg=_optional_text(raw.get("pg"), "pg"),
            method=_optional_text(raw.get("method"), "method"),
            rate=parse_rate(raw.get("rate", 0)),
            min=_won(raw.get("min", 0), "min"),
            flat=_won(raw.get("flat", 0), "flat"),
            vat_rate=parse_rate(raw["vat_rate"]) if "vat_rate" in raw else None,
            rounding=Rounding.parse(raw["rounding"]) if "rounding" in raw else None,
        )
    except ValueError as exc:
        raise InputError(f"{where}: {exc}") from None


def _optional_text(value: Any, key: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key}는 비어 있지 않은 문자열이어야 합니다: {value!r}")
    return value.strip()


def _won(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"{key}는 원 단위 정수여야 합니다: {value!r}")
    try:
        return parse_won(str(value))  # the app's one won rule (domain.money)
    except ValueError:
        raise ValueError(f"{key}는 0 이상의 원 단위 정수여야 합니다: {value!r}") from None


def schedule_to_toml(schedule: FeeSchedule) -> str:
    """Write a schedule back as TOML (the app's editor saves through this)."""
    lines = [f'vat_rate = "{schedule.vat_rate}"', f'rounding = "{schedule.rounding.value}"', ""]
    for rule in schedule.rules:
        lines.append("[[rule]]")
        if rule.pg:
            lines.append(f'pg = "{rule.pg}"')
        if rule.method:
            lines.append(f'method = "{rule.method}"')
        if rule.rate:
            lines.append(f'rate = "{rule.rate}"')
        if rule.min:
            lines.append(f"min = {rule.min}")
        if rule.flat:
            lines.append(f"flat = {rule.flat}")
        if rule.vat_rate is not None:
            lines.append(f'vat_rate = "{rule.vat_rate}"')
        if rule.rounding is not None:
            lines.append(f'rounding = "{rule.rounding.value}"')
        lines.append("")
    return "\n".join(lines)
