"""Reconciliation statuses: the rule order, Korean labels, and which ones are exceptions.

A row (an order, or a payment that matches no order) gets exactly one status: the first rule in
``RULE_ORDER`` that applies (see ``recon_app.domain.reconcile``). Every status but ``matched``,
``pending`` and ``cancelled_unpaid`` is an *exception*: something the owner has to look at.
"""

from __future__ import annotations

from enum import Enum


class ReconStatus(str, Enum):
    DUPLICATE_PAYMENT = "duplicate_payment"
    ORPHAN_PAYMENT = "orphan_payment"
    VBANK_UNPAID = "vbank_unpaid"
    MISSING_PAYMENT = "missing_payment"
    PENDING = "pending"
    CANCELLED_UNPAID = "cancelled_unpaid"
    UNCONFIRMED_PAYMENT = "unconfirmed_payment"
    MATCHED = "matched"
    REFUND_MISSING = "refund_missing"
    REFUND_EXCESS = "refund_excess"
    AMOUNT_MISMATCH = "amount_mismatch"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def is_exception(self) -> bool:
        return self not in NOT_EXCEPTIONS


#: The order in which the rules are tried (rule 3 yields four statuses).
RULE_ORDER: tuple[ReconStatus, ...] = tuple(ReconStatus)

LABELS: dict[ReconStatus, str] = {
    ReconStatus.DUPLICATE_PAYMENT: "중복 결제",
    ReconStatus.ORPHAN_PAYMENT: "주문 없는 결제",
    ReconStatus.VBANK_UNPAID: "가상계좌 미입금",
    ReconStatus.MISSING_PAYMENT: "결제 누락",
    ReconStatus.PENDING: "입금 대기",
    ReconStatus.CANCELLED_UNPAID: "결제 전 취소",
    ReconStatus.UNCONFIRMED_PAYMENT: "미확인 결제",
    ReconStatus.MATCHED: "일치",
    ReconStatus.REFUND_MISSING: "환불 누락",
    ReconStatus.REFUND_EXCESS: "초과 환불",
    ReconStatus.AMOUNT_MISMATCH: "금액 불일치",
}

NOT_EXCEPTIONS = frozenset({ReconStatus.MATCHED, ReconStatus.PENDING, ReconStatus.CANCELLED_UNPAID})
EXCEPTIONS = frozenset(s for s in ReconStatus if s not in NOT_EXCEPTIONS)


def label_of(status: str) -> str:
    """Korean label of a status value ("matched" → "일치"); unknown text is returned as is."""
    try:
        return LABELS[ReconStatus(status)]
    except ValueError:
        return status
