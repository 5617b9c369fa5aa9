"""Match bank deposits to expected payouts (issue 13). Pure: frames in, frames out.

* A deposit belongs to a PG when its text contains one of the PG's sender names, compared after
  removing spaces, (주)/㈜ and case; a word of the text that is the start of a sender name counts
  too (banks truncate names: "토스페이맨").
* A deposit *matches* an expected payout (one row per (pg, payout date)) when it is that PG's, its
  amount equals the payout's, and its date lies in [payout date, payout date + 2 business days].
  One deposit, one payout: the earliest payout takes the deposit closest to its date.
* Then ``short``/``over``: the payout's window holds exactly one unused deposit of that PG, with
  another amount (the difference is deposited − expected).
* Otherwise ``missing`` when the payout date is before ``as_of``, else ``scheduled``.
* PG deposits dated in the month that nothing took are unexplained deposits.

Everything is merges and masks over whole columns; the only loop is the one-to-one assignment,
which runs once per round of conflicts (a handful), not once per row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon_app.domain.business_days import BusinessCalendar
from recon_app.domain.payouts import kst_dates

#: The built-in sender names per PG (editable per store). FACTS.md §2: how PGs appear in 적요 is
#: essentially unconfirmed, so these are the companies' names and known truncations.
DEFAULT_SENDERS: dict[str, tuple[str, ...]] = {
    "html5_inicis": ("이니시스", "케이지이니시스", "KG이니시스", "INICIS"),
    "inicis": ("이니시스", "케이지이니시스", "INICIS"),
    "kcp": ("KCP", "한국사이버결제", "엔에이치엔케이씨피"),
    "tosspayments": ("토스페이먼츠", "토스페이맨"),
    "uplus": ("토스페이먼츠", "토스페이맨", "LG유플러스"),
    "nice_v2": ("나이스", "NICE"),
    "nice": ("나이스", "NICE"),
    "kakaopay": ("카카오페이",),
    "naverpay": ("네이버파이낸셜", "네이버페이"),
    "payco": ("엔에이치엔페이코", "페이코", "PAYCO"),
    "ksnet": ("KSNET", "케이에스넷"),
    "danal": ("다날",),
    "danal_tpay": ("다날",),
    "kicc": ("한국정보통신", "KICC"),
    "smartro": ("스마트로",),
    "welcome": ("웰컴페이먼츠",),
}

#: How many business days after the payout date a deposit still counts as on time.
WINDOW_BUSINESS_DAYS = 2

STATUSES = ("matched", "short", "over", "missing", "scheduled")

_STRIP = re.compile(r"\s+|\(주\)|㈜|주식회사")

PAYOUT_COLUMNS = (
    "pg",
    "payout_date",
    "expected_amount",
    "deposited_amount",
    "difference",
    "status",
    "source",
    "payments",
    "deposit_id",
    "deposit_at",
    "deposit_text",
    "deposit_account",
)


def normalize_name(text: str) -> str:
    return _STRIP.sub("", str(text)).lower()


def _normalized(texts: pd.Series) -> pd.Series:
    return (
        texts.astype(object).fillna("").astype(str).str.replace(_STRIP, "", regex=True).str.lower()
    )


def sender_pg(texts: pd.Series, senders: Mapping[str, Sequence[str]]) -> npt.NDArray[np.object_]:
    """The PG each deposit text names (None for none).

    Work is done once per distinct text (statements repeat the same PG texts), with one regex
    pass for "contains a sender name" (names longest first, so "케이지이니시스" beats "이니시스")
    and one ``isin`` over the texts' words for "a truncated word (4+ letters) starts a sender
    name". A name listed for two PGs belongs to the one listed first (callers list the month's
    PGs first)."""
    codes, uniques = pd.factorize(pd.Series(texts, dtype=object).fillna(""), sort=False)
    raw = pd.Series(np.asarray(uniques, dtype=object), dtype=object).astype(str)
    owner: dict[str, str] = {}
    for pg, names in senders.items():
        for name in names:
            key = normalize_name(name)
            if key:
                owner.setdefault(key, pg)
    found = np.full(len(raw), None, dtype=object)
    if owner and len(raw):
        # One regex pass over the distinct texts, two alternatives:
        # 1. the name, spaces allowed between its letters, any case ((주)/㈜ never sit inside a
        #    name, so "contains" needs no removing them);
        # 2. a whole word (after an optional (주)/㈜) that is the start, 4+ letters, of a name:
        #    banks truncate the sender ("토스페이맨").
        keys = sorted(owner, key=len, reverse=True)
        spaced = "|".join("\\s*".join(re.escape(ch) for ch in key) for key in keys)
        prefix_owner: dict[str, str] = {}
        for key in keys:
            for n in range(4, len(key)):
                prefix_owner.setdefault(key[:n], owner[key])
        pattern = f"({spaced})"
        if prefix_owner:
            prefixes = "|".join(re.escape(x) for x in sorted(prefix_owner, key=len, reverse=True))
            pattern += rf"|(?:(?<!\S)|(?<=\(주\))|(?<=㈜))({prefixes})(?!\S)"
        hit = raw.str.extract(pattern, flags=re.IGNORECASE, expand=True)
        full = hit[0].notna().to_numpy(bool)
        if full.any():
            matched = hit.loc[full, 0].str.replace(r"\s+", "", regex=True).str.lower()
            found[full] = matched.map(owner).to_numpy(object)
        if prefix_owner:
            part = hit[1].notna().to_numpy(bool) & ~full
            if part.any():
                found[part] = hit.loc[part, 1].str.lower().map(prefix_owner).to_numpy(object)
    out: npt.NDArray[np.object_] = found[codes] if len(codes) else np.empty(0, dtype=object)
    return out


@dataclass(frozen=True)
class PayoutMatch:
    #: one row per expected payout, columns ``PAYOUT_COLUMNS``
    payouts: pd.DataFrame
    #: PG deposits in the month that no payout took: deposit_id, pg, deposit_at, amount, text,
    #: account
    unexplained: pd.DataFrame


def match_payouts(
    expected: pd.DataFrame,
    deposits: pd.DataFrame,
    *,
    senders: Mapping[str, Sequence[str]],
    calendar: BusinessCalendar,
    as_of: date,
    month: tuple[date, date] | None = None,
) -> PayoutMatch:
    """Statuses for ``expected`` (pg, payout_date, expected_amount, payments, source) against
    ``deposits`` (deposit_id, occurred_at, amount, text, account). ``month`` = [first, last] day
    for the unexplained list (None: every deposit)."""
    exp = expected.reset_index(drop=True).copy()
    exp["gid"] = np.arange(len(exp), dtype=np.int64)
    exp["payout_date"] = pd.to_datetime(exp["payout_date"]).astype("datetime64[s]")
    pdates = exp["payout_date"].to_numpy().astype("datetime64[D]")
    exp["window_end"] = calendar.window_end(pdates, WINDOW_BUSINESS_DAYS).astype("datetime64[s]")

    dep = deposits.reset_index(drop=True).copy()
    dep["pg"] = sender_pg(dep["text"], senders)
    dep = dep.loc[dep["pg"].notna()].copy()
    dep["deposit_date"] = kst_dates(dep["occurred_at"].to_numpy(np.int64)).astype("datetime64[s]")

    # 1. exact: same pg, same amount, inside the window
    cand = exp[["gid", "pg", "payout_date", "window_end", "expected_amount"]].merge(
        dep[["deposit_id", "pg", "deposit_date", "amount"]],
        left_on=["pg", "expected_amount"],
        right_on=["pg", "amount"],
    )
    cand = _in_window(cand)
    exact = _assign(cand)
    # 2. short / over: the one remaining deposit of that pg in the window. Each payout is spread
    # over the calendar days of its window (a few each) and merged on (pg, day), so the join
    # holds only deposits inside some window, never every deposit of the PG for every payout.
    left = exp.loc[~exp["gid"].isin(exact["gid"])]
    free = dep.loc[~dep["deposit_id"].isin(exact["deposit_id"])]
    cand2 = _window_days(left).merge(
        free[["deposit_id", "pg", "deposit_date", "amount"]], on=["pg", "deposit_date"]
    )
    cand2["late"] = (cand2["deposit_date"] - cand2["payout_date"]).dt.days
    single = cand2.groupby("gid")["deposit_id"].transform("size") == 1
    near = _assign(cand2.loc[single.to_numpy(bool)])

    taken = pd.concat([exact[["gid", "deposit_id"]], near[["gid", "deposit_id"]]])
    out = exp.merge(taken, on="gid", how="left")
    info = dep.set_index("deposit_id")
    has = out["deposit_id"].notna().to_numpy()
    ids = out["deposit_id"].fillna(-1).astype(np.int64).to_numpy()
    amount = np.zeros(len(out), dtype=np.int64)
    amount[has] = info.loc[ids[has], "amount"].to_numpy(np.int64)
    expected_amount = out["expected_amount"].to_numpy(np.int64)
    due = out["payout_date"].to_numpy() < np.datetime64(as_of, "s")
    status = np.select(
        [
            has & (amount == expected_amount),
            has & (amount < expected_amount),
            has & (amount > expected_amount),
            ~has & due,
        ],
        ["matched", "short", "over", "missing"],
        default="scheduled",
    ).astype(object)
    at = np.zeros(len(out), dtype=np.int64)
    at[has] = info.loc[ids[has], "occurred_at"].to_numpy(np.int64)
    text = np.full(len(out), None, dtype=object)
    text[has] = info.loc[ids[has], "text"].to_numpy(object)
    account = np.full(len(out), None, dtype=object)
    if "account" in info:
        account[has] = info.loc[ids[has], "account"].to_numpy(object)
    payouts = pd.DataFrame(
        {
            "pg": out["pg"].to_numpy(object),
            "payout_date": out["payout_date"].to_numpy(),
            "expected_amount": expected_amount,
            "deposited_amount": amount,
            "difference": np.where(has, amount - expected_amount, -expected_amount),
            "status": pd.Series(status, dtype=object),
            "source": out["source"].to_numpy(object),
            "payments": out["payments"].to_numpy(np.int64),
            "deposit_id": np.where(has, ids, -1),
            "deposit_at": at,
            "deposit_text": pd.Series(text, dtype=object),
            "deposit_account": pd.Series(account, dtype=object),
        }
    ).sort_values(["payout_date", "pg"], kind="stable", ignore_index=True)

    rest = dep.loc[~dep["deposit_id"].isin(taken["deposit_id"])]
    if month is not None:
        lo, hi = (np.datetime64(d, "s") for d in month)
        in_month = (rest["deposit_date"] >= lo) & (rest["deposit_date"] <= hi)
        rest = rest.loc[in_month.to_numpy(bool)]
    unexplained = pd.DataFrame(
        {
            "deposit_id": rest["deposit_id"].to_numpy(np.int64),
            "pg": rest["pg"].to_numpy(object),
            "deposit_at": rest["occurred_at"].to_numpy(np.int64),
            "amount": rest["amount"].to_numpy(np.int64),
            "text": rest["text"].to_numpy(object),
            "account": rest["account"].to_numpy(object)
            if "account" in rest
            else np.full(len(rest), None, dtype=object),
        }
    )
    return PayoutMatch(payouts=payouts, unexplained=unexplained)


def _window_days(groups: pd.DataFrame) -> pd.DataFrame:
    """One row per (payout, calendar day of its window): gid, pg, payout_date, deposit_date."""
    start = groups["payout_date"].to_numpy().astype("datetime64[D]")
    end = groups["window_end"].to_numpy().astype("datetime64[D]")
    days = (end - start).astype(np.int64) + 1
    rep = np.repeat(np.arange(len(groups)), days)
    offset = np.arange(len(rep)) - np.repeat(np.cumsum(days) - days, days)
    return pd.DataFrame(
        {
            "gid": groups["gid"].to_numpy(np.int64)[rep],
            "pg": groups["pg"].to_numpy(object)[rep],
            "payout_date": groups["payout_date"].to_numpy()[rep],
            "deposit_date": (start[rep] + offset.astype("timedelta64[D]")).astype("datetime64[s]"),
        }
    )


def _in_window(cand: pd.DataFrame) -> pd.DataFrame:
    ok = (cand["deposit_date"] >= cand["payout_date"]) & (
        cand["deposit_date"] <= cand["window_end"]
    )
    cand = cand.loc[ok.to_numpy(bool)].copy()
    cand["late"] = (cand["deposit_date"] - cand["payout_date"]).dt.days
    return cand


def _assign(cand: pd.DataFrame) -> pd.DataFrame:
    """One deposit per payout and one payout per deposit: payouts in date order take their
    closest deposit (ties: the earlier deposit id); repeated while conflicts free up deposits."""
    chosen: list[pd.DataFrame] = []
    cand = cand.sort_values(["payout_date", "gid", "late", "deposit_id"], kind="stable")
    while len(cand):
        best = cand.drop_duplicates("gid", keep="first")
        # a deposit wanted by several payouts goes to the earliest of them
        won = best.drop_duplicates("deposit_id", keep="first")
        chosen.append(won[["gid", "deposit_id"]])
        cand = cand.loc[~cand["gid"].isin(won["gid"]) & ~cand["deposit_id"].isin(won["deposit_id"])]
    if not chosen:
        return pd.DataFrame(
            {"gid": pd.Series(dtype=np.int64), "deposit_id": pd.Series(dtype=np.int64)}
        )
    return pd.concat(chosen, ignore_index=True)
