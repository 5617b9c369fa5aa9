"""Bank statement files in eight banks' layouts (../shared/settlement/FACTS.md §2), written for
real: HTML-as-.xls (KB국민), CSV in CP949 and UTF-8 (신한, NH농협), BIFF8 .xls through xlwt (우리),
XLSX through openpyxl (하나, IBK기업) and password-encrypted XLSX through msoffcrypto-tool
(카카오뱅크, 토스뱅크).

Every file holds the same three transactions (``TRANSACTIONS``) under its bank's title block,
header and date format, plus whatever summary/footer rows that bank prints."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import openpyxl

PASSWORD = "bank-pw-1234"


@dataclass(frozen=True)
class Tx:
    when: datetime
    deposit: int
    withdrawal: int
    text: str
    balance: int


TRANSACTIONS = (
    Tx(datetime(2026, 11, 2, 9, 5, 10), 96_480, 0, "이니시스", 1_096_480),
    Tx(datetime(2026, 11, 2, 14, 30, 0), 0, 39_000, "쿠팡", 1_057_480),
    Tx(datetime(2026, 11, 3, 10, 0, 45), 19_296, 0, "(주)케이지이니시스", 1_076_776),
)


def _won(n: int) -> str:
    return f"{n:,}"


# -- KB국민: HTML table saved as .xls --------------------------------------------------------------
def kb_html(txs=TRANSACTIONS) -> bytes:
    head = [
        ["계좌번호 : 123-45-6789012"],
        ["예금주 : 리콘상점"],
        ["잔액 : 1,076,776"],
        ["상품명 : 국민은행 기업자유예금"],
        ["입금 : 115,776 / 출금 : 39,000"],
        ["조회기간 : 2026.11.01 ~ 2026.11.30"],
    ]
    header = [
        "No",
        "거래일시",
        "보낸분/받는분",
        "출금액(원)",
        "입금액(원)",
        "잔액(원)",
        "내 통장 표시",
        "적요",
        "처리점",
        "구분",
    ]
    rows = [
        [
            str(i),
            t.when.strftime("%Y.%m.%d %H:%M:%S"),
            t.text,
            _won(t.withdrawal),
            _won(t.deposit),
            _won(t.balance),
            t.text,
            "전자금융",
            "본점",
            "입금" if t.deposit else "출금",
        ]
        for i, t in enumerate(txs, 1)
    ]

    def tr(cells, tag="td", span=None):
        attr = f' colspan="{span}"' if span else ""
        return "<tr>" + "".join(f"<{tag}{attr}>{c}</{tag}>" for c in cells) + "</tr>"

    body = "".join(tr(r, span=10) for r in head) + tr(header, "th") + "".join(tr(r) for r in rows)
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
        f"</head><body><table border=1>{body}</table></body></html>"
    )
    return page.encode("cp949")


# -- 신한: CSV (CP949), date and time in two columns ------------------------------------------------
def shinhan_csv(txs=TRANSACTIONS) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["신한은행 거래내역조회"])
    w.writerow(["조회기간 : 2026-11-01 ~ 2026-11-30", "계좌번호 : 110-123-456789"])
    w.writerow([])
    w.writerow(
        ["거래일자", "거래시간", "적요", "출금(원)", "입금(원)", "내용", "잔액(원)", "거래점명"]
    )
    for t in txs:
        w.writerow(
            [
                t.when.strftime("%Y-%m-%d"),
                t.when.strftime("%H:%M:%S"),
                "타행이체" if t.deposit else "체크카드",
                _won(t.withdrawal) if t.withdrawal else "",
                _won(t.deposit) if t.deposit else "",
                t.text,
                _won(t.balance),
                "스마트폰",
            ]
        )
    w.writerow(["합계", "", "", _won(39_000), _won(115_776), "", "", ""])
    return out.getvalue().encode("cp949")


# -- 우리: real BIFF8 .xls ---------------------------------------------------------------------------
def woori_xls(txs=TRANSACTIONS) -> bytes:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("거래내역")
    ws.write(0, 0, "최근거래내역조회")
    ws.write(1, 0, "계좌번호")
    ws.write(1, 1, "1002-123-456789")
    header = [
        "No.",
        "거래일시",
        "적요",
        "기재내용",
        "지급(원)",
        "입금(원)",
        "거래후 잔액(원)",
        "취급점",
        "메모",
        "수표·어음·증권금액(원)",
    ]
    for c, h in enumerate(header):
        ws.write(3, c, h)
    for r, t in enumerate(txs, start=4):
        values = [
            r - 3,
            t.when.strftime("%Y.%m.%d %H:%M:%S"),
            "인터넷" if t.deposit else "체크",
            t.text,
            t.withdrawal,  # numbers, as Woori writes them
            t.deposit,
            t.balance,
            "본점",
            "",
            0,
        ]
        for c, v in enumerate(values):
            ws.write(r, c, v)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- 하나: XLSX, 입금 before 출금, minutes only --------------------------------------------------------
def hana_xlsx(txs=TRANSACTIONS) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["하나은행 거래내역"])
    ws.append(["계좌번호", "123-456789-01234"])
    ws.append(["조회기간", "2026-11-01 ~ 2026-11-30"])
    for _ in range(3):
        ws.append([])
    ws.append(
        [
            "거래일시",
            "적요",
            "의뢰인/수취인",
            "입금",
            "출금",
            "거래후잔액",
            "구분",
            "거래점",
            "거래특이사항",
        ]
    )
    for t in txs:
        ws.append(
            [
                t.when.strftime("%Y-%m-%d %H:%M"),
                "이체",
                t.text,
                t.deposit,
                t.withdrawal,
                t.balance,
                "입금" if t.deposit else "출금",
                "하나",
                "",
            ]
        )
    return _save(wb)


# -- NH농협 기업: CSV (UTF-8 BOM), header on row 10, time in its own column, a 합계 row ----------------
def nh_csv(txs=TRANSACTIONS) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["NH농협은행 거래내역조회"])
    w.writerow(["계좌번호", "301-1234-5678-91"])
    for _ in range(7):
        w.writerow([])
    w.writerow(
        [
            "구분",
            "거래일자",
            "출금금액(원)",
            "입금금액(원)",
            "거래 후 잔액(원)",
            "거래내용",
            "거래기록사항",
            "거래점",
            "거래시간",
            "이체메모",
        ]
    )
    for t in txs:
        w.writerow(
            [
                "입금" if t.deposit else "출금",
                t.when.strftime("%Y/%m/%d"),
                _won(t.withdrawal),
                _won(t.deposit),
                _won(t.balance),
                "인터넷",
                t.text,
                "농협",
                t.when.strftime("%H:%M:%S"),
                "",
            ]
        )
    w.writerow(["소계", "", _won(39_000), _won(115_776), "", "", "", "", "", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# -- IBK기업: XLSX with real datetime cells ------------------------------------------------------------
def ibk_xlsx(txs=TRANSACTIONS) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["거래내역조회"])
    ws.append(["계좌번호 : 010-123456-01-011", "", "예금주 : 리콘상점"])
    ws.append([])
    ws.append([])
    ws.append(
        [
            "No",
            "거래일시",
            "출금",
            "입금",
            "거래후 잔액",
            "거래내용",
            "송금메시지",
            "상대계좌번호",
            "상대은행",
            "거래구분",
            "수표어음금액",
            "CMS코드",
            "상대계좌예금주명",
        ]
    )
    for i, t in enumerate(txs, 1):
        ws.append(
            [
                i,
                t.when,
                t.withdrawal,
                t.deposit,
                t.balance,
                "타행이체",
                "",
                "",
                "",
                "입금" if t.deposit else "출금",
                0,
                "",
                t.text,
            ]
        )
        ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd hh:mm:ss"
    return _save(wb)


# -- 카카오뱅크: encrypted XLSX, one signed amount column --------------------------------------------
def kakao_xlsx(txs=TRANSACTIONS, password: str = PASSWORD) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "카카오뱅크 거래내역"
    ws.append(["카카오뱅크 거래내역"])
    ws.append([])
    ws.append(["성명", "리콘상점"])
    ws.append(["조회기간", "2026.11.01 ~ 2026.11.30"])
    ws.append(["계좌번호", "3333-01-2345678"])
    ws.append(["요청일시", "2026.12.01 10:00:00"])
    ws.append([])
    ws.append(["※ 금액앞에 '-' 표시는 출금 금액입니다."])
    ws.append([])
    ws.append([])
    ws.append(["거래일시", "구분", "거래금액", "거래 후 잔액", "거래구분", "내용", "메모"])
    for t in txs:
        amount = t.deposit - t.withdrawal
        ws.append(
            [
                t.when.strftime("%Y.%m.%d %H:%M:%S"),
                "입금" if amount > 0 else "출금",
                f"{amount:,}",
                _won(t.balance),
                "일반입금" if amount > 0 else "체크카드결제",
                t.text,
                "",
            ]
        )
    return encrypt(_save(wb), password)


# -- 토스뱅크: encrypted XLSX, column A empty, "거래 금액" signed text -------------------------------
def toss_xlsx(txs=TRANSACTIONS, password: str = PASSWORD) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "토스뱅크 거래내역"
    ws.append([None, "토스뱅크 거래내역"])
    ws.append([None, "성명", "리콘상점"])
    ws.append([None, "계좌번호", "1000-1234-5678"])
    ws.append([None, "조회기간", "2026.11.01 ~ 2026.11.30"])
    ws.append([None, "※ 거래 금액의 '-'는 출금입니다."])
    ws.append([])
    ws.append(
        [
            None,
            "거래 일시",
            "적요",
            "거래 유형",
            "거래 기관",
            "계좌번호",
            "거래 금액",
            "거래 후 잔액",
            "메모",
        ]
    )
    for t in txs:
        amount = t.deposit - t.withdrawal
        ws.append(
            [
                None,
                t.when.strftime("%Y.%m.%d %H:%M:%S"),
                t.text,
                "입금" if amount > 0 else "출금",
                "",
                "",
                f"{amount:,}",
                _won(t.balance),
                "",
            ]
        )
    return encrypt(_save(wb), password)


def _save(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def encrypt(plain: bytes, password: str) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
    return out.getvalue()


#: bank → (file name, builder, password, whether the layout keeps seconds)
BANKS: dict[str, tuple[str, Callable[..., bytes], str | None, bool]] = {
    "KB국민": ("kb_거래내역.xls", kb_html, None, True),
    "신한": ("shinhan.csv", shinhan_csv, None, True),
    "우리": ("woori.xls", woori_xls, None, True),
    "하나": ("hana.xlsx", hana_xlsx, None, False),
    "NH농협": ("nh_corp.csv", nh_csv, None, True),
    "IBK기업": ("ibk.xlsx", ibk_xlsx, None, True),
    "카카오뱅크": ("kakaobank.xlsx", kakao_xlsx, PASSWORD, True),
    "토스뱅크": ("tossbank.xlsx", toss_xlsx, PASSWORD, True),
}
