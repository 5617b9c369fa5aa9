"""Known shop export layouts: which column is which field, and how to recognise them.

A layout pins each field to the platform's own header (so a file with extra look-alike columns
cannot be misread) and is recognised from the header row on its own: a file whose header row has
all of a layout's ``signature`` headers is that layout, and nobody has to say so. ``--layout``
names one explicitly; ``--map FIELD=HEADER`` overrides single fields on top. The header rows and
where they come from are in docs/order-exports.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from recon_app.adapters.orders.statuses import normalize_word


@dataclass(frozen=True)
class Layout:
    name: str  # what --layout takes
    label: str  # how it is named to the user
    column_map: Mapping[str, str]  # field -> header text
    #: Headers that together identify the layout (beyond the mapped ones).
    signature: tuple[str, ...] = ()
    builtin: bool = True
    status_map: Mapping[str, str] = field(default_factory=dict)

    def identifying_headers(self) -> set[str]:
        return {normalize_word(h) for h in (*self.column_map.values(), *self.signature)}


BUILTIN_LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            "smartstore",
            "스마트스토어 발주발송관리(상품주문별)",
            {
                "order_id": "주문번호",
                "ordered_at": "주문일시",
                "line_amount": "최종 상품별 총 주문금액",
                "status": "주문상태",
                "status_detail": "주문세부상태",
                "pay_method": "결제수단",
                "buyer_name": "구매자명",
            },
            signature=("상품주문번호",),
        ),
        Layout(
            "cafe24",
            "카페24 주문 엑셀(기본 양식)",
            {
                "order_id": "주문번호",
                "ordered_at": "주문일시",
                "amount": "총 결제금액(KRW)",
                "pay_state": "결제구분",
                "cancel_kind": "취소구분",
                "refunded_amount": "실제 환불금액",
                "pay_method": "결제수단",
                "buyer_name": "주문자명",
            },
        ),
        Layout(
            "godomall",
            "고도몰5 주문통합리스트 엑셀",
            {
                "order_id": "주문 번호",
                "ordered_at": "주문일자",
                "amount": "총 결제 금액",
                "status": "주문상태",
                "refunded_amount": "총 환불금액",
                "pay_method": "결제방법",
                "buyer_name": "주문자 이름",
            },
        ),
        Layout(
            "imweb",
            "아임웹 주문 엑셀(기본 양식)",
            {
                "order_id": "주문번호",
                "ordered_at": "주문일",
                "amount": "최종주문금액",
                "status": "주문상태",
                "buyer_name": "주문자 이름",
            },
            signature=("주문섹션번호", "품목실결제가"),
        ),
        Layout(
            "shopify",
            "Shopify orders_export.csv",
            {
                "order_id": "Name",
                "ordered_at": "Created at",
                "amount": "Total",
                "status": "Financial Status",
                "refunded_amount": "Refunded Amount",
                "pay_method": "Payment Method",
                "buyer_name": "Billing Name",
            },
            signature=("Lineitem name",),
        ),
    )
}


def detect_layout(headers: Sequence[str], layouts: Mapping[str, Layout]) -> Layout | None:
    """The layout whose identifying headers are all in ``headers`` (the most specific wins)."""
    present = {normalize_word(h) for h in headers if str(h).strip()}
    matches = [lay for lay in layouts.values() if lay.identifying_headers() <= present]
    if not matches:
        return None
    return max(matches, key=lambda lay: len(lay.identifying_headers()))
