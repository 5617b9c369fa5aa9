"""The fee engine: every rule shape, most-specific-wins, min, flat, VAT, rounding, TOML errors,
and the bulk path agreeing with the per-payment one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from recon_app.domain.errors import InputError
from recon_app.domain.fees import (
    FeeBreakdown,
    FeeRule,
    FeeSchedule,
    default_schedule,
    load_schedule,
    schedule_from_dict,
    schedule_to_toml,
)
from recon_app.domain.money import Rounding


def sched(*rules: FeeRule, vat: str = "0.10", rounding: Rounding = Rounding.HALF_UP) -> FeeSchedule:
    return FeeSchedule(rules=rules, vat_rate=Decimal(vat), rounding=rounding)


CATCH_ALL = FeeRule(rate=Decimal("0.032"))


# -- the shipped defaults, one per rule ---------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "kept", "fee", "vat"),
    [
        ("card", 10_000, 320, 32),  # 3.2%
        ("card", 15_625, 500, 50),  # 500.0 exactly
        ("card", 1_015, 32, 3),  # 32.48 → 32, VAT 3.2 → 3
        ("card", 1_016, 33, 3),  # 32.512 → 33 (half up)
        ("vbank", 50_000, 300, 30),  # flat 300 per deposit, no rate
        ("vbank", 0, 300, 30),  # flat is charged even when fully refunded
        ("trans", 100_000, 1_800, 180),  # 1.8%
        ("trans", 5_000, 200, 20),  # 90 → min 200
        ("trans", 0, 0, 0),  # min only when something is kept
        ("phone", 10_000, 350, 35),  # 3.5%
        ("point", 10_000, 320, 32),  # catch-all 3.2%
        (None, 10_000, 320, 32),
    ],
)
def test_default_rules(method: str | None, kept: int, fee: int, vat: int) -> None:
    b = default_schedule().compute(kept, "tosspayments", method)
    assert (b.fee, b.fee_vat, b.settlement) == (fee, vat, kept - fee - vat)
    assert b.kept == kept


def test_most_specific_rule_wins() -> None:
    s = sched(
        CATCH_ALL,
        FeeRule(pg="kcp", rate=Decimal("0.03")),
        FeeRule(method="card", rate=Decimal("0.025")),
        FeeRule(pg="kcp", method="card", rate=Decimal("0.02")),
    )
    assert s.rule_for("kcp", "card").rate == Decimal("0.02")  # pg+method
    assert s.rule_for("nice", "card").rate == Decimal("0.025")  # method beats nothing
    assert s.rule_for("kcp", "trans").rate == Decimal("0.03")  # pg
    assert s.rule_for("nice", "trans").rate == Decimal("0.032")  # catch-all
    assert s.rule_for(None, None).rate == Decimal("0.032")
    # method beats pg when both a method-only and a pg-only rule match
    s2 = sched(
        CATCH_ALL,
        FeeRule(pg="kcp", rate=Decimal("0.03")),
        FeeRule(method="card", rate=Decimal("0.01")),
    )
    assert s2.rule_for("kcp", "card").rate == Decimal("0.01")


def test_min_flat_and_rule_overrides() -> None:
    rule = FeeRule(
        method="card",
        rate=Decimal("0.01"),
        min=500,
        flat=100,
        vat_rate=Decimal("0"),
        rounding=Rounding.FLOOR,
    )
    s = sched(CATCH_ALL, rule)
    b = s.compute(20_000, None, "card")  # 200 → min 500, + flat 100, no VAT
    assert (b.fee, b.fee_vat, b.settlement) == (600, 0, 19_400)
    b = s.compute(100_099, None, "card")  # 1000.99 floors to 1000 (rule's own rounding)
    assert (b.fee, b.fee_vat) == (1_100, 0)
    assert b.rule is rule
    assert any("최소" in step for step in b.steps) and b.steps[-1].endswith("원")


def test_floor_vs_half_up_and_vat_rounding() -> None:
    half = sched(FeeRule(rate=Decimal("0.025")))
    floor = sched(FeeRule(rate=Decimal("0.025")), rounding=Rounding.FLOOR)
    assert half.compute(1_020, None, None).fee == 26  # 25.5 → 26
    assert floor.compute(1_020, None, None).fee == 25
    assert half.compute(1_020, None, None).fee_vat == 3  # 2.6 → 3
    assert floor.compute(1_020, None, None).fee_vat == 2
    assert half.compute(1_000, None, None).fee_vat == 3  # fee 25, VAT 2.5 → 3


def test_negative_kept_gets_no_fee() -> None:
    """kept < 0 can only come from bad data: max(round(-20), 0) = 0 — no fee, no minimum."""
    s = sched(FeeRule(rate=Decimal("0.02"), min=100))
    b = s.compute(-1_000, None, None)
    assert (b.fee, b.fee_vat, b.settlement) == (0, 0, -1_000)


def test_duplicate_rule_and_missing_catch_all_are_errors() -> None:
    with pytest.raises(InputError, match="두 번"):
        sched(CATCH_ALL, FeeRule(method="card"), FeeRule(method="card", rate=Decimal("0.01")))
    with pytest.raises(InputError, match="catch-all"):
        sched(FeeRule(method="card"))


# -- TOML ----------------------------------------------------------------------------------------
def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "fees.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_toml_defaults_and_per_rule_keys(tmp_path: Path) -> None:
    s = load_schedule(
        write(
            tmp_path,
            '[[rule]]\nrate = "0.03"\n[[rule]]\npg = "kcp"\nmethod = "card"\nrate = 0.021\nmin = "1,000"\nflat = 5\nvat_rate = "0"\nrounding = "floor"\n',
        )
    )
    assert s.vat_rate == Decimal("0.10") and s.rounding is Rounding.HALF_UP  # defaults
    kcp = s.rule_for("kcp", "card")
    assert (kcp.rate, kcp.min, kcp.flat, kcp.vat_rate, kcp.rounding) == (
        Decimal("0.021"),
        1000,
        5,
        Decimal("0"),
        Rounding.FLOOR,
    )  # 0.021 read exactly from a float through its repr
    assert s.source == str(tmp_path / "fees.toml")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('colour = "red"\n[[rule]]\nrate = "0.03"\n', "알 수 없는 키 colour"),
        ('[[rule]]\nrate = "0.03"\nfoo = 1\n', "1번째 \\[\\[rule\\]\\].*알 수 없는 키 foo"),
        ('[[rule]]\nmethod = "card"\nrate = "0.03"\n', "catch-all"),
        ('[[rule]]\nrate = "0.03"\n[[rule]]\nrate = "0.02"\n', "두 번"),
        ('[[rule]]\nrate = "abc"\n', "숫자로 읽을 수 없습니다"),
        ('[[rule]]\nrate = "1.5"\n', "0 이상 1 이하"),
        ('[[rule]]\nrate = "0.03"\nmin = -1\n', "0 이상"),
        ('[[rule]]\nrate = "0.03"\nflat = 1.5\n', "정수"),
        ('rounding = "banker"\n[[rule]]\nrate = "0.03"\n', "반올림"),
        ('[[rule]]\nrate = "0.03"\npg = ""\n', "비어 있지 않은"),
        ("[[rule]\n", "TOML 문법"),
        ('rule = "x"\n', "목록"),
    ],
)
def test_toml_errors_name_file_and_key(tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(InputError, match=match) as info:
        load_schedule(write(tmp_path, text))
    assert "fees.toml" in str(info.value)


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="없습니다"):
        load_schedule(tmp_path / "nope.toml")
    bad = tmp_path / "cp949.toml"
    bad.write_bytes("# 수수료\n".encode("cp949"))
    with pytest.raises(InputError, match="UTF-8"):
        load_schedule(bad)


def test_toml_round_trip(tmp_path: Path) -> None:
    original = default_schedule()
    again = schedule_from_dict(__import__("tomllib").loads(schedule_to_toml(original)), source="x")
    assert again.rules == original.rules
    assert (again.vat_rate, again.rounding) == (original.vat_rate, original.rounding)


# -- bulk == scalar -------------------------------------------------------------------------------
#: A VAT rate is usually 10% or 0; a long one ("0.123456789") has a big numerator and is what
#: once overflowed int64 in the bulk VAT step while the per-payment path stayed exact (issue 17).
VAT_RATES = st.one_of(
    st.sampled_from([Decimal("0"), Decimal("0.1"), Decimal("0.05")]),
    st.decimals(min_value=0, max_value=1, places=9),
    st.just(Decimal("0.123456789")),
)
#: Won amounts: everyday ones, and ones up to the 15-digit limit of an order cell.
WON = st.one_of(st.integers(0, 50_000_000), st.integers(0, 10**15), st.just(999_999_999_999_999))

RULES = st.builds(
    FeeRule,
    pg=st.sampled_from([None, "kcp", "nice"]),
    method=st.sampled_from([None, "card", "vbank", "trans"]),
    rate=st.one_of(
        st.decimals(min_value=0, max_value=Decimal("0.1"), places=4),
        st.decimals(min_value=0, max_value=1, places=10),
    ),
    min=st.one_of(st.integers(0, 2_000), WON),
    flat=st.one_of(st.integers(0, 500), WON),
    vat_rate=st.one_of(st.none(), VAT_RATES),
    rounding=st.one_of(st.none(), st.sampled_from(list(Rounding))),
)


@st.composite
def schedules(draw: st.DrawFn) -> FeeSchedule:
    rules = draw(st.lists(RULES, max_size=8, unique_by=lambda r: (r.pg, r.method)))
    rules = [r for r in rules if (r.pg, r.method) != (None, None)]
    catch_all = draw(RULES.map(lambda r: FeeRule(rate=r.rate, min=r.min, flat=r.flat)))
    return FeeSchedule(
        rules=(*rules, catch_all),
        vat_rate=draw(VAT_RATES),
        rounding=draw(st.sampled_from(list(Rounding))),
    )


PAYMENTS = st.lists(
    st.tuples(
        WON,
        WON,
        st.sampled_from([None, "kcp", "nice", "toss"]),
        st.sampled_from([None, "card", "vbank", "trans", "phone"]),
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(schedules(), PAYMENTS)
def test_fee_plus_vat_plus_settlement_is_kept_and_columns_equal_rows(
    schedule: FeeSchedule, payments: list[tuple[int, int, str | None, str | None]]
) -> None:
    """Bulk and per-payment paths give the same fee and VAT, or both refuse the schedule.

    Past int64 the bulk path would wrap around silently; it must refuse exactly when some
    payment's own computation is refused, with the same message.
    """
    kept = np.array(
        [max(a - c, 0) if i % 5 else a - min(c, a) for i, (a, c, _, _) in enumerate(payments)],
        dtype=np.int64,
    )
    pg = np.array([p for _, _, p, _ in payments], dtype=object)
    method = np.array([m for _, _, _, m in payments], dtype=object)
    scalar: list[FeeBreakdown | str] = []
    for i, k in enumerate(kept.tolist()):
        try:
            scalar.append(schedule.compute(k, pg[i], method[i]))
        except InputError as exc:
            scalar.append(str(exc))
    refusals = {r for r in scalar if isinstance(r, str)}
    event("refused" if refusals else "computed")
    if refusals:
        with pytest.raises(InputError) as bulk_refusal:
            schedule.compute_columns_with_rules(kept, pg, method)
        assert str(bulk_refusal.value) in refusals
        return
    fee, vat, rule_index = schedule.compute_columns_with_rules(kept, pg, method)
    fee2, vat2 = schedule.compute_columns(kept, pg, method)
    assert fee.tolist() == fee2.tolist() and vat.tolist() == vat2.tolist()
    for i, (k, b) in enumerate(zip(kept.tolist(), scalar)):
        assert isinstance(b, FeeBreakdown)
        assert b.fee + b.fee_vat + b.settlement == k
        assert (b.fee, b.fee_vat) == (fee[i], vat[i])
        assert schedule.rules[rule_index[i]] is b.rule
        assert b.fee >= 0 and b.fee_vat >= 0


def test_long_vat_rate_on_a_big_fee_is_refused_not_wrapped() -> None:
    """fee 10^11 × VAT 0.123456789 needs 10^11 × 123456789 × 2 > 2^63 in the exact integer step.

    Before the guard the bulk path wrapped around to a wrong (negative) VAT.
    """
    s = sched(FeeRule(rate=Decimal("0.01")), vat="0.123456789")
    kept = np.array([10**13], dtype=np.int64)
    none = np.array([None], dtype=object)
    with pytest.raises(InputError, match="부가세율 0.123456789을\\(를\\) 100,000,000,000원"):
        s.compute_columns(kept, none, none)
    with pytest.raises(InputError, match="부가세율 0.123456789을\\(를\\) 100,000,000,000원"):
        s.compute(10**13, None, None)


def test_largest_order_amount_is_computed_with_the_shipped_rules() -> None:
    """The guard never refuses real money: 999,999,999,999,999 won at the default rules."""
    kept = 999_999_999_999_999
    fee, vat = default_schedule().compute_columns(
        np.array([kept], dtype=np.int64), np.array(["kcp"], dtype=object), np.array(["card"])
    )
    # 3.2% of it is 31,999,999,999,999.968 → 32,000,000,000,000; VAT 10% → 3,200,000,000,000.
    assert (fee.tolist(), vat.tolist()) == ([32_000_000_000_000], [3_200_000_000_000])


def test_columns_treat_nan_like_none() -> None:
    s = sched(CATCH_ALL, FeeRule(method="card", rate=Decimal("0.01")))
    fee, _ = s.compute_columns(
        np.array([10_000, 10_000]),
        np.array([float("nan"), None], dtype=object),
        np.array(["card", float("nan")], dtype=object),
    )
    assert fee.tolist() == [100, 320]


def test_empty_columns() -> None:
    fee, vat, idx = default_schedule().compute_columns_with_rules(
        np.array([], dtype=np.int64), np.array([], dtype=object), np.array([], dtype=object)
    )
    assert len(fee) == len(vat) == len(idx) == 0


def test_describe() -> None:
    assert (
        FeeRule(pg="kcp", method="trans", rate=Decimal("0.018"), min=200).describe()
        == "[kcp / trans] 1.8%, 최소 200원"
    )
    assert FeeRule(method="vbank", flat=300).describe() == "[vbank] 건당 300원"
    assert FeeRule().describe() == "[기본] 수수료 없음"
