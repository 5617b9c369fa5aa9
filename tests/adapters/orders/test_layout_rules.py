"""Row shapes of real exports: per-line orders, continuation lines, Cafe24's refund columns."""

from __future__ import annotations

from pathlib import Path

from conftest import as_dict, parse_text

LINES = "주문번호,상품주문번호,주문일시,주문상태,최종 상품별 총 주문금액\n"


def test_per_line_order_is_the_sum_of_its_lines(tmp_path: Path) -> None:
    text = LINES + (
        "A,A1,2026-10-01 10:00:00,배송중,1000\n"
        "A,A2,2026-10-01 10:00:00,취소,250\n"
        "B,B1,2026-10-01 11:00:00,반품,400\n"
        "C,C1,2026-10-01 12:00:00,결제대기,300\n"
        "C,C2,2026-10-01 12:00:00,미결제취소,200\n"
    )
    parsed = parse_text(tmp_path, text)
    assert parsed.problems == [] and parsed.per_line and parsed.rows_folded == 2
    got = {k: v[1:4] for k, v in as_dict(parsed).items()}
    assert got == {
        "A": (1250, "partially_refunded", 250),
        "B": (400, "cancelled", 400),
        "C": (500, "awaiting_payment", None),
    }


def test_a_bad_line_leaves_its_whole_order_out_and_says_so(tmp_path: Path) -> None:
    text = LINES + (
        "A,A1,2026-10-01 10:00:00,배송중,1000\n"
        "A,A2,2026-10-01 10:00:00,배송중,천원\n"
        "B,B1,2026-10-01 11:00:00,배송중,400\n"
    )
    parsed = parse_text(tmp_path, text)
    assert list(parsed.orders["order_id"]) == ["B"]
    assert [p.row for p in parsed.problems] == [2, 3]
    first = parsed.problems[0]
    assert first.value == "A" and "다른 줄(3행)이 잘못되어 이 주문 전체를 가져오지" in first.message
    assert "원장에 없는 결제" in first.message


def test_blank_order_fields_on_continuation_lines_mean_same_as_above(tmp_path: Path) -> None:
    head = "주문번호,주문일시,결제금액,주문상태,실제 환불금액,상품명\n"
    text = head + (
        "A,2026-10-01 10:00:00,5000,부분취소,1000,양말\n"
        "A,,,,,모자\n"
        "B,2026-10-01 11:00:00,3000,결제완료,,장갑\n"
    )
    parsed = parse_text(tmp_path, text)
    assert parsed.problems == [] and parsed.rows_folded == 1
    assert as_dict(parsed)["A"][1:4] == (5000, "partially_refunded", 1000)


def test_a_continuation_line_that_says_otherwise_still_disagrees(tmp_path: Path) -> None:
    head = "주문번호,주문일시,결제금액,주문상태\n"
    text = head + "A,2026-10-01 10:00:00,5000,결제완료\nA,,6000,\n"
    parsed = parse_text(tmp_path, text)
    assert [p.row for p in parsed.problems] == [2, 3] and "결제금액" in parsed.problems[0].message


def test_blank_first_line_is_not_filled_from_below(tmp_path: Path) -> None:
    head = "주문번호,주문일시,결제금액,주문상태\n"
    text = head + "A,2026-10-01 10:00:00,,결제완료\nA,2026-10-01 10:00:00,5000,결제완료\n"
    parsed = parse_text(tmp_path, text)
    assert parsed.problems[0].row == 2 and "필수 값(결제금액)" in parsed.problems[0].message


def test_actual_refund_wins_over_requested_refund(tmp_path: Path) -> None:
    head = "주문번호,주문일시,결제금액,주문상태,환불금액,실제 환불금액\n"
    parsed = parse_text(tmp_path, head + "A,2026-10-01 10:00:00,5000,부분환불,2000,1800\n")
    assert parsed.mapping.header_of("refunded_amount") == "실제 환불금액"
    assert as_dict(parsed)["A"][3] == 1800


def test_status_from_payment_and_cancel_columns(tmp_path: Path) -> None:
    head = "주문번호,주문일시,결제금액,결제구분,취소구분,실제 환불금액\n"
    text = head + (
        "PAID,2026-10-01 10:00:00,5000,결제완료,,\n"
        "WAIT,2026-10-01 10:00:00,5000,입금전,,\n"
        "VOID,2026-10-01 10:00:00,5000,입금전,취소,0\n"
        "BACK,2026-10-01 10:00:00,5000,결제완료,반품,5000\n"
        "PART,2026-10-01 10:00:00,5000,결제완료,반품,1500\n"
        "SWAP,2026-10-01 10:00:00,5000,결제완료,교환,\n"
    )
    parsed = parse_text(tmp_path, text)
    assert parsed.problems == []
    got = {k: v[2:4] for k, v in as_dict(parsed).items()}
    assert got == {
        "PAID": ("paid", None),
        "WAIT": ("awaiting_payment", None),
        "VOID": ("cancelled", 0),
        "BACK": ("cancelled", 5000),
        "PART": ("partially_refunded", 1500),
        "SWAP": ("paid", None),
    }


def test_column_map_names_any_header(tmp_path: Path) -> None:
    head = "Bestellnummer,주문일시,Betrag,주문상태\n"
    text = head + "A,2026-10-01 10:00:00,5000,결제완료\n"
    parsed = parse_text(
        tmp_path, text, column_map={"order_id": "Bestellnummer", "amount": "Betrag"}
    )
    assert parsed.problems == [] and as_dict(parsed)["A"][1] == 5000


def test_per_item_statuses_with_an_order_refund_make_a_partial_refund(tmp_path: Path) -> None:
    """Cafe24 custom layouts: 주문 상태 per item, 실제 환불금액 per order (first row)."""
    head = "주문번호,주문일시,주문 상태,총 결제금액(KRW),실제 환불금액,상품명\n"
    text = head + (
        "A,2026-10-01 10:00:00,배송 완료,40000,15000,셔츠\n"
        "A,,취소 완료 - 환불완료,,,바지\n"
        "B,2026-10-01 11:00:00,배송 완료,30000,,모자\n"
        "B,,취소 완료,,,장갑\n"  # no refund value: the order's status cannot be known
    )
    parsed = parse_text(tmp_path, text)
    assert as_dict(parsed)["A"][1:4] == (40000, "partially_refunded", 15000)
    assert [p.row for p in parsed.problems] == [4, 5] and "주문상태" in parsed.problems[0].message
