"""When each payment's money should reach the bank, and how much (issue 13).

The PG contract (the fee file) carries payout rules, most specific wins like fee rules::

    [[payout]]
    pg = "html5_inicis"
    method = "card"
    days = 2          # business days after the sale date (D+2)
    [[payout]]
    pg = "kcp"
    days = 3
    weekday = "fri"   # weekly: the first Friday on or after D+3
    [[payout]]
    days = 3          # catch-all; without one, payments no rule covers get no forecast

plus a top-level ``closed_days = ["2026-12-31"]`` (extra non-business days).

One *payout record* per approval and per cancel:

* sale date = the KST date of ``paid_at`` for an approval, of the cancel time for a cancel (a
  cancel reduces the payout of its own date);
* payout amount = amount − expected fee − expected fee VAT, through the fee schedule
  (``FeeSchedule.compute_columns``). A cancel's record is the change it makes to the payment's
  settlement: settlement(kept after it) − settlement(kept before it), so a payment's records add
  up to exactly the settlement the reconcile shows, and a flat fee that is not refunded stays
  charged.

PG-reported records (settlements, issue 12) are the truth where they exist:
:func:`apply_reported` replaces every forecast record of a payment the PG reported on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon_app.domain.business_days import BusinessCalendar, parse_weekday
from recon_app.domain.errors import InputError

PAYOUT_KEYS = {"pg", "method", "days", "weekday"}

#: Columns of a payout-record frame (forecast or PG-reported).
RECORD_COLUMNS = (
    "imp_uid",
    "merchant_uid",
    "kind",  # approval | cancel
    "pg",
    "method",
    "sale_date",  # datetime64[D], KST
    "amount",  # signed: a cancel is negative
    "payout_amount",  # signed int64
    "payout_date",  # datetime64[D]; NaT when no rule covers the payment
    "source",  # forecast | settlement
    "payment_no",  # int64: one number per payment (counts distinct payments per payout)
)

KST_OFFSET = np.timedelta64(9 * 3600, "s")


@dataclass(frozen=True)
class PayoutRule:
    pg: str | None = None
    method: str | None = None
    days: int = 0
    #: 0 = Monday … 4 = Friday; None: daily (no weekly cycle)
    weekday: int | None = None

    @property
    def specificity(self) -> int:
        return (2 if self.method else 0) + (1 if self.pg else 0)

    def describe(self) -> str:
        from recon_app.domain.business_days import WEEKDAYS

        scope = " / ".join(p for p in (self.pg, self.method) if p) or "기본"
        cycle = f"D+{self.days} 영업일"
        if self.weekday is not None:
            cycle += f", 그 뒤 첫 {WEEKDAYS[self.weekday]}"
        return f"[{scope}] {cycle}"


@dataclass(frozen=True)
class PayoutSchedule:
    rules: tuple[PayoutRule, ...] = ()
    closed_days: tuple[date, ...] = ()

    def calendar(self) -> BusinessCalendar:
        return BusinessCalendar(self.closed_days)

    def rule_for(self, pg: str | None, method: str | None) -> PayoutRule | None:
        best: PayoutRule | None = None
        for rule in self.rules:
            if rule.pg is not None and rule.pg != pg:
                continue
            if rule.method is not None and rule.method != method:
                continue
            if best is None or rule.specificity > best.specificity:
                best = rule
        return best

    def rule_indices(self, pg: npt.ArrayLike, method: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """Per record, the index into ``rules`` that applies, −1 for none (one ``rule_for`` per
        distinct (pg, method) pair)."""
        pg_codes, pg_uniques = pd.factorize(pd.Series(pg, dtype=object), use_na_sentinel=True)
        m_codes, m_uniques = pd.factorize(pd.Series(method, dtype=object), use_na_sentinel=True)
        pg_values: list[str | None] = [None, *(str(v) for v in pg_uniques)]
        m_values: list[str | None] = [None, *(str(v) for v in m_uniques)]
        position = {id(rule): i for i, rule in enumerate(self.rules)}
        table = np.array(
            [
                position[id(r)] if (r := self.rule_for(p, m)) is not None else -1
                for p in pg_values
                for m in m_values
            ],
            dtype=np.int64,
        )
        combined = (np.asarray(pg_codes, dtype=np.int64) + 1) * len(m_values) + (
            np.asarray(m_codes, dtype=np.int64) + 1
        )
        picked: npt.NDArray[np.int64] = table[combined]
        return picked

    def payout_dates(
        self, sale_date: npt.NDArray[np.datetime64], pg: npt.ArrayLike, method: npt.ArrayLike
    ) -> npt.NDArray[np.datetime64]:
        """Forecast payout date per record (NaT where no rule applies)."""
        idx = self.rule_indices(pg, method)
        days = np.array([r.days for r in self.rules] + [0], dtype=np.int64)[idx]
        weekday = np.array(
            [-1 if r.weekday is None else r.weekday for r in self.rules] + [-1], dtype=np.int64
        )[idx]
        sale = np.asarray(sale_date, dtype="datetime64[D]").copy()
        sale[idx < 0] = np.datetime64("NaT")
        cal = self.calendar()
        return cal.next_weekday(cal.add_business_days(sale, days), weekday)


# -- reading the fee file's [[payout]] tables -------------------------------------------------------
def payout_schedule_from(raw_rules: Any, raw_closed: Any, *, source: str) -> PayoutSchedule:
    """Parse ``[[payout]]`` tables and ``closed_days``; every mistake names the file and key."""
    if raw_rules is None:
        raw_rules = []
    if not isinstance(raw_rules, list):
        raise InputError(f"{source}: 'payout'은 [[payout]] 표의 목록이어야 합니다.")
    closed: list[date] = list(_closed_days(raw_closed, source, "closed_days"))
    rules: list[PayoutRule] = []
    seen: set[tuple[str | None, str | None]] = set()
    for i, raw in enumerate(raw_rules, start=1):
        where = f"{source}: {i}번째 [[payout]]"
        if not isinstance(raw, dict):
            raise InputError(f"{where}이(가) 표가 아닙니다.")
        raw = dict(raw)
        # TOML puts a `closed_days = [...]` written after a [[payout]] table inside that table;
        # it still means the top-level list (the issue's own example is written that way).
        if "closed_days" in raw:
            closed.extend(_closed_days(raw.pop("closed_days"), source, where + " closed_days"))
        unknown = set(raw) - PAYOUT_KEYS
        if unknown:
            raise InputError(
                f"{where}: 알 수 없는 키 {', '.join(sorted(unknown))}",
                hint=f"쓸 수 있는 키: {', '.join(sorted(PAYOUT_KEYS))}, closed_days",
            )
        try:
            rule = PayoutRule(
                pg=_text(raw.get("pg"), "pg"),
                method=_text(raw.get("method"), "method"),
                days=_days(raw.get("days")),
                weekday=parse_weekday(raw["weekday"]) if "weekday" in raw else None,
            )
        except ValueError as exc:
            raise InputError(f"{where}: {exc}") from None
        key = (rule.pg, rule.method)
        if key in seen:
            raise InputError(
                f"{where}: pg={rule.pg or '(전체)'}, method={rule.method or '(전체)'} 지급 규칙이 "
                "두 번 있습니다.",
                hint="같은 pg·method 조합의 지급 규칙은 하나만 남기세요.",
            )
        seen.add(key)
        rules.append(rule)
    return PayoutSchedule(rules=tuple(rules), closed_days=tuple(sorted(set(closed))))


def _closed_days(raw: Any, source: str, key: str) -> list[date]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InputError(f'{source}: {key}는 날짜 목록이어야 합니다 (예: ["2026-12-31"]).')
    out = []
    for value in raw:
        if isinstance(value, date):
            out.append(value)
            continue
        try:
            out.append(date.fromisoformat(str(value).strip()))
        except ValueError:
            raise InputError(
                f"{source}: {key}의 '{value}'을(를) 날짜로 읽을 수 없습니다.",
                hint='YYYY-MM-DD 형식으로 적으세요 (예: "2026-12-31").',
            ) from None
    return out


def _text(value: Any, key: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key}는 비어 있지 않은 문자열이어야 합니다: {value!r}")
    return value.strip()


def _days(value: Any) -> int:
    if value is None:
        raise ValueError("days(지급까지 영업일 수)가 없습니다 (예: days = 2)")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 60:
        raise ValueError(f"days는 0~60 사이의 정수여야 합니다: {value!r}")
    return value


def payout_schedule_to_toml(schedule: PayoutSchedule) -> list[str]:
    """TOML lines for the payout rules (``closed_days`` first: it must precede any table)."""
    from recon_app.domain.business_days import WEEKDAYS

    lines: list[str] = []
    if schedule.closed_days:
        days = ", ".join(f'"{d.isoformat()}"' for d in schedule.closed_days)
        lines += [f"closed_days = [{days}]", ""]
    for rule in schedule.rules:
        lines.append("[[payout]]")
        if rule.pg:
            lines.append(f'pg = "{rule.pg}"')
        if rule.method:
            lines.append(f'method = "{rule.method}"')
        lines.append(f"days = {rule.days}")
        if rule.weekday is not None:
            lines.append(f'weekday = "{WEEKDAYS[rule.weekday]}"')
        lines.append("")
    return lines


# -- records ----------------------------------------------------------------------------------------
def kst_dates(unix_seconds: npt.ArrayLike) -> npt.NDArray[np.datetime64]:
    """KST calendar date of each unix second (0 → NaT)."""
    ts = np.asarray(unix_seconds, dtype=np.int64)
    out = (ts.astype("datetime64[s]") + KST_OFFSET).astype("datetime64[D]")
    out[ts <= 0] = np.datetime64("NaT")
    return out


def forecast_records(
    payments: pd.DataFrame,
    cancels: pd.DataFrame,
    settle: Any,
    schedule: PayoutSchedule,
) -> pd.DataFrame:
    """One forecast payout record per approval and per cancel.

    ``payments``: captured payments — imp_uid, merchant_uid, pg_provider, pay_method, amount,
    cancel_amount, paid_at, cancelled_at. ``cancels``: their cancel history — imp_uid, amount,
    cancelled_at (in any order). ``settle(kept, pg, method)`` → int64 settlement per element (the
    fee schedule's kept − fee − fee VAT). A payment whose history sums to less than its
    ``cancel_amount`` gets one more cancel record for the rest, dated ``cancelled_at``.
    """
    n = len(payments)
    uid = payments["imp_uid"].to_numpy(object)
    amount = payments["amount"].to_numpy(np.int64)
    cancel_total = payments["cancel_amount"].to_numpy(np.int64)
    pg = payments["pg_provider"].to_numpy(object)
    method = payments["pay_method"].to_numpy(object)

    # cancel history, restricted to these payments, each with its payment's row position
    order = np.argsort(uid, kind="stable")
    c_uid = cancels["imp_uid"].to_numpy(object)
    pos = np.searchsorted(uid[order], c_uid) if n else np.zeros(len(c_uid), np.int64)
    pos = np.clip(pos, 0, max(n - 1, 0))
    known = (uid[order][pos] == c_uid) if n else np.zeros(len(c_uid), bool)
    c_row = order[pos[known]] if n else np.zeros(0, np.int64)
    c_amount = cancels["amount"].to_numpy(np.int64)[known]
    c_time = cancels["cancelled_at"].to_numpy(np.int64)[known]
    # the rest of cancel_amount no history line explains
    listed = np.zeros(n, dtype=np.int64)
    np.add.at(listed, c_row, c_amount)
    rest = cancel_total - listed
    extra = np.flatnonzero(rest > 0)
    extra_time = payments["cancelled_at"].to_numpy(np.int64)[extra]
    extra_time = np.where(extra_time > 0, extra_time, payments["paid_at"].to_numpy(np.int64)[extra])
    c_row = np.concatenate([c_row, extra])
    c_amount = np.concatenate([c_amount, rest[extra]])
    c_time = np.concatenate([c_time, extra_time])

    # kept before/after each cancel, in time order within a payment
    by = np.lexsort((c_time, c_row))
    c_row, c_amount, c_time = c_row[by], c_amount[by], c_time[by]
    cum = _group_cumsum(c_amount, c_row)
    kept_after = amount[c_row] - cum
    kept_before = kept_after + c_amount

    approval_settle = np.asarray(settle(amount, pg, method), dtype=np.int64)
    c_pg, c_method = pg[c_row], method[c_row]
    both = np.asarray(
        settle(
            np.concatenate([kept_after, kept_before]),
            np.concatenate([c_pg, c_pg]),
            np.concatenate([c_method, c_method]),
        ),
        dtype=np.int64,
    )
    m = len(c_row)
    cancel_payout = both[:m] - both[m:]

    sale = np.concatenate([kst_dates(payments["paid_at"].to_numpy(np.int64)), kst_dates(c_time)])
    all_pg = np.concatenate([pg, c_pg])
    all_method = np.concatenate([method, c_method])
    frame = pd.DataFrame(
        {
            "imp_uid": _obj(np.concatenate([uid, uid[c_row]])),
            "merchant_uid": _obj(
                np.concatenate(
                    [
                        payments["merchant_uid"].to_numpy(object),
                        payments["merchant_uid"].to_numpy(object)[c_row],
                    ]
                )
            ),
            "kind": _obj(np.array(["approval"] * n + ["cancel"] * m, dtype=object)),
            # categorical: grouping by PG later costs no hashing of a million texts
            "pg": pd.Categorical(all_pg),
            "method": _obj(all_method),
            "sale_date": sale,
            "amount": np.concatenate([amount, -c_amount]),
            "payout_amount": np.concatenate([approval_settle, cancel_payout]),
            "payout_date": schedule.payout_dates(sale, all_pg, all_method),
            "source": pd.Categorical.from_codes(
                np.zeros(n + m, dtype=np.int64),
                dtype=pd.CategoricalDtype(["forecast", "settlement"]),
            ),
            "payment_no": np.concatenate([np.arange(n, dtype=np.int64), c_row.astype(np.int64)]),
        }
    )
    return frame


def _group_cumsum(values: npt.NDArray[np.int64], groups: npt.NDArray[np.int64]) -> Any:
    """Running sum of ``values`` restarting at each new group (groups sorted)."""
    if not len(values):
        return values.copy()
    total = np.cumsum(values)
    starts = np.r_[True, groups[1:] != groups[:-1]]
    first = np.maximum.accumulate(np.where(starts, np.arange(len(values)), 0))
    base = total[first] - values[first]
    return total - base


def apply_reported(forecast: pd.DataFrame, reported: pd.DataFrame | None) -> pd.DataFrame:
    """The one entry for PG-reported payout records (settlements, issue 12).

    ``reported`` has the columns of ``RECORD_COLUMNS`` (``source`` may be missing); every forecast
    record of a payment (``imp_uid``) that the PG reported on is dropped and the reported records
    take their place — the PG's payout date and amount beat the forecast (PGs pay early before
    설/추석, FACTS.md §1d)."""
    if reported is None or not len(reported):
        return forecast
    reported = reported.copy()
    reported["source"] = "settlement"
    for column in RECORD_COLUMNS:
        if column not in reported:
            reported[column] = None
    keep = ~forecast["imp_uid"].isin(set(reported["imp_uid"].tolist()))
    out = pd.concat([forecast.loc[keep], reported.loc[:, list(RECORD_COLUMNS)]], ignore_index=True)
    for column in ("sale_date", "payout_date"):
        out[column] = pd.to_datetime(out[column]).astype("datetime64[s]").dt.floor("D")
    out["payment_no"] = pd.factorize(out["imp_uid"].astype(object))[0].astype(np.int64)
    return out


def reported_from_settlements(settlements: pd.DataFrame) -> pd.DataFrame:
    """PG-reported payout records from settlement records (issue 12's ``settlement_records``:
    payment_id, order_id, pg, kind approval|cancel, method, amount, payout_amount, sale_date and
    payout_date as 'YYYY-MM-DD' text, cancels negative), ready for :func:`apply_reported`.

    Records without a payout date say nothing about when money arrives and are left out, so the
    forecast of their payment stays."""
    dated = settlements.loc[settlements["payout_date"].notna().to_numpy(bool)]
    dated = dated.loc[(dated["payout_date"].astype(str).str.strip() != "").to_numpy(bool)]
    return pd.DataFrame(
        {
            "imp_uid": _obj(dated["payment_id"].to_numpy(object)),
            "merchant_uid": _obj(dated["order_id"].to_numpy(object)),
            "kind": _obj(dated["kind"].to_numpy(object)),
            "pg": _obj(dated["pg"].to_numpy(object)),
            "method": _obj(dated["method"].to_numpy(object)),
            "sale_date": pd.to_datetime(dated["sale_date"].to_numpy(object)).astype(
                "datetime64[s]"
            ),
            "amount": dated["amount"].to_numpy(np.int64),
            "payout_amount": dated["payout_amount"].to_numpy(np.int64),
            "payout_date": pd.to_datetime(dated["payout_date"].to_numpy(object)).astype(
                "datetime64[s]"
            ),
        }
    )


#: Columns of the expected-payout frame (one row per (pg, payout date)).
EXPECTED_COLUMNS = ("pg", "payout_date", "expected_amount", "payments", "source")


def expected_payouts(records: pd.DataFrame) -> pd.DataFrame:
    """Σ payout amount per (pg, payout date); ``payments`` = distinct payments in the group;
    ``source`` = settlement when every record of the group is PG-reported, else forecast.

    Integer keys and numpy sums: a million records cost a few hash passes, not a groupby over
    text columns."""
    undated = records["payout_date"].isna().to_numpy(bool)
    # copying a million-row frame costs more than the sums: only when some records lack a date
    dated = records.loc[~undated] if undated.any() else records
    if not len(dated):
        return pd.DataFrame(
            {
                "pg": pd.Series(dtype=object),
                "payout_date": pd.Series(dtype="datetime64[s]"),
                "expected_amount": pd.Series(dtype=np.int64),
                "payments": pd.Series(dtype=np.int64),
                "source": pd.Series(dtype=object),
            }
        )
    pg_codes, pg_values = _factor(dated["pg"])
    day = dated["payout_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    first_day = int(day.min())
    span = int(day.max()) - first_day + 1
    key = pg_codes.astype(np.int64) * span + (day - first_day)  # sorts as (pg, date)
    # hash, then sort only the distinct keys (sorting a million keys cost more than the rest)
    codes, distinct = pd.factorize(key)
    order = np.argsort(distinct, kind="stable")
    rank = np.empty(len(distinct), dtype=np.int64)
    rank[order] = np.arange(len(distinct))
    groups = np.asarray(distinct)[order]
    inverse = rank[codes]
    k = len(groups)
    amount = np.zeros(k, dtype=np.int64)
    np.add.at(amount, inverse, dated["payout_amount"].to_numpy(np.int64))
    # distinct payments per payout: a payment with one record counts once wherever it is; only
    # payments with several records (approval + cancels) need the (payout, payment) pairs
    payment_no = dated["payment_no"].to_numpy(np.int64)
    several = np.bincount(payment_no)[payment_no] > 1
    payments = np.bincount(inverse[~several], minlength=k).astype(np.int64)
    if several.any():
        width = int(payment_no.max()) + 1
        pairs = pd.unique(inverse[several].astype(np.int64) * width + payment_no[several])
        payments += np.bincount(np.asarray(pairs) // width, minlength=k).astype(np.int64)
    forecast = np.zeros(k, dtype=bool)
    forecast[inverse[(dated["source"] != "settlement").to_numpy(bool)]] = True
    pg_names = np.asarray(pg_values, dtype=object)[groups // span]
    dates = (groups % span + first_day).astype("datetime64[D]").astype("datetime64[s]")
    out = pd.DataFrame(
        {
            "pg": pd.Series(pg_names, dtype=object),
            "payout_date": dates,
            "expected_amount": amount,
            "payments": payments,
            "source": pd.Series(np.where(forecast, "forecast", "settlement"), dtype=object),
        }
    )
    return out.sort_values(["pg", "payout_date"], kind="stable", ignore_index=True)


def carry_forward(records: pd.DataFrame) -> pd.DataFrame:
    """Move the records of a forecast payout that comes to ≤ 0 (that day's cancels outweigh its
    sales) onto the PG's next payout date: no money arrives that day and the PG deducts the rest
    from its next payout (FACTS.md §1d: negative balances roll forward). A run of such days all
    move to the first later payout that stays positive; a run at the end stays put (its payout
    is beyond the records). Payouts the PG reported (source = settlement) are never moved."""
    dated = records.loc[~records["payout_date"].isna()]
    if not len(dated):
        return records
    pg_codes, pg_names = _factor(dated["pg"])
    sums = (
        pd.DataFrame(
            {
                "pg": pg_names[pg_codes],
                "payout_date": dated["payout_date"],
                "amount": dated["payout_amount"].astype(np.int64),
                "reported": (dated["source"] == "settlement").astype(np.int64),
            }
        )
        .groupby(["pg", "payout_date"], sort=True)
        .agg(amount=("amount", "sum"), reported=("reported", "max"))
    )
    if not (sums["amount"] <= 0).any():
        return records
    moves: dict[tuple[str, Any], Any] = {}
    # one pass over the (pg, date) groups — a few per PG per day, not per payment
    for pg, group in sums.groupby(level=0, sort=False):
        pending: list[Any] = []
        carry = 0
        keys = group.index.get_level_values(1).tolist()
        for day, amount, reported in zip(
            keys, group["amount"].tolist(), group["reported"].tolist(), strict=True
        ):
            total = int(amount) + carry
            if total <= 0 and not reported:
                pending.append(day)
                carry = total
                continue
            for moved in pending:
                moves[(str(pg), moved)] = day
            pending, carry = [], 0
    if not moves:
        return records
    out = records.copy()
    target = pd.Series(
        pd.to_datetime(list(moves.values())).astype("datetime64[s]"),
        index=pd.MultiIndex.from_tuples(list(moves)),
    )
    codes, names = _factor(out["pg"])
    where = pd.MultiIndex.from_arrays([names[codes], out["payout_date"]])
    new = target.reindex(where).to_numpy().copy()
    keep = pd.isna(new)
    new[keep] = out["payout_date"].to_numpy()[keep]
    out["payout_date"] = pd.Series(new, index=out.index).astype("datetime64[s]")
    return out


def _factor(values: pd.Series) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.object_]]:
    """Codes (0…k−1) and names of a text column (categorical or not); missing is ''."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy().astype(np.int64)
        names = np.asarray(values.cat.categories, dtype=object)
    else:
        raw, uniques = pd.factorize(values.astype(object))
        codes = np.asarray(raw, dtype=np.int64)
        names = np.asarray(uniques, dtype=object)
    if (codes < 0).any():
        names = np.append(names, "")
        codes = np.where(codes < 0, len(names) - 1, codes)
    return codes, names


def _obj(values: Any) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype=object, copy=False)
