"""The accountant's mapping file (TOML): account codes, the 거래처 of each PG, which 집계표 column
a payment method belongs to, 과세유형 codes, company facts, and the ERP column layouts.

Every value has a default; ``recon-app vouchers --init-mapping FILE`` writes them all so the
user edits them once. The ERP layouts are only medium-confidence (FACTS.md §4: third-party tools'
copies, no official template), so they are templates in this file too: reorder, rename or drop
columns to match the upload form of your program's version.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from recon_app.adapters.report.atomic import write_atomic
from recon_app.adapters.vouchers.layouts import DEFAULT_LAYOUTS, FIELDS, Layout
from recon_app.domain.accounting import (
    CATEGORIES,
    DEFAULT_METHOD_CATEGORIES,
    Account,
    Accounts,
    Partner,
)
from recon_app.domain.errors import InputError
from recon_app.paths import user_data_dir

#: Names of the PGs (PortOne pg_provider codes) as 거래처 names; codes are left for the user.
PG_NAMES = {
    "tosspayments": "토스페이먼츠",
    "tosspay": "토스페이",
    "html5_inicis": "KG이니시스",
    "inicis": "KG이니시스",
    "kcp": "NHN KCP",
    "nice": "나이스페이",
    "nice_v2": "나이스페이",
    "kakaopay": "카카오페이",
    "naverpay": "네이버페이",
    "payco": "페이코",
    "danal": "다날",
    "danal_tpay": "다날",
    "ksnet": "KSNET",
    "kicc": "KICC",
    "smilepay": "스마일페이",
    "settle": "헥토파이낸셜",
    "uplus": "토스페이먼츠(구 LG U+)",
}

DEFAULT_TAX_TYPES = {"card": 17, "cash_receipt": 22, "epay": 17, "other": 14, "purchase": 51}


@dataclass(frozen=True)
class Company:
    name: str = ""
    business_number: str = ""
    representative: str = ""


@dataclass(frozen=True)
class AccountingMap:
    accounts: Accounts = field(default_factory=Accounts)
    partners: dict[str, Partner] = field(default_factory=dict)
    methods: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_METHOD_CATEGORIES))
    tax_types: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_TAX_TYPES))
    company: Company = field(default_factory=Company)
    layouts: dict[str, Layout] = field(default_factory=lambda: dict(DEFAULT_LAYOUTS))
    source: str = "기본 매핑"

    def partner(self, pg: str | None) -> Partner:
        key = pg or ""
        return self.partners.get(key) or Partner("", PG_NAMES.get(key, key or "PG"))

    def partner_table(self, pgs: list[str]) -> dict[str, Partner]:
        return {pg: self.partner(pg) for pg in pgs}


def load_mapping(path: Path | None) -> AccountingMap:
    """The defaults, overridden by ``path`` (every mistake names the file and the key)."""
    if path is None:
        return AccountingMap()
    where = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"매핑 파일 '{where}'이(가) 없습니다.", hint="--init-mapping 으로 만드세요."
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"매핑 파일 '{where}'을(를) 읽을 수 없습니다: {exc}") from None
    base = AccountingMap(source=where)
    unknown = set(data) - {"accounts", "pg", "methods", "tax_types", "company", "layouts"}
    if unknown:
        raise InputError(f"{where}: 알 수 없는 표 {', '.join(sorted(unknown))}")
    accounts = base.accounts
    for key, value in _table(data, "accounts", where).items():
        if key not in Accounts.__dataclass_fields__:
            raise InputError(f"{where}: [accounts]의 '{key}'을(를) 알 수 없습니다.")
        item = _table({key: value}, key, f"{where} [accounts]")
        accounts = replace(
            accounts, **{key: Account(_text(item, "code", where), _text(item, "name", where))}
        )
    partners = {
        pg: Partner(
            _text(item, "code", where, ""),
            _text(item, "name", where, PG_NAMES.get(pg, pg)),
            _text(item, "business_number", where, ""),
        )
        for pg, item in (
            (pg, _table({pg: v}, pg, f"{where} [pg]"))
            for pg, v in _table(data, "pg", where).items()
        )
    }
    methods = dict(base.methods)
    for method, category in _table(data, "methods", where).items():
        if category not in CATEGORIES:
            raise InputError(
                f"{where}: [methods] {method} = '{category}'은(는) {', '.join(CATEGORIES)} 중 하나여야 합니다."
            )
        methods[method] = category
    tax_types = dict(base.tax_types)
    for key, code in _table(data, "tax_types", where).items():
        if key not in DEFAULT_TAX_TYPES or not isinstance(code, int):
            raise InputError(
                f"{where}: [tax_types] {key} = {code!r}: 알 수 없는 키이거나 숫자가 아닙니다."
            )
        tax_types[key] = code
    company_t = _table(data, "company", where)
    company = Company(
        _text(company_t, "name", where, ""),
        _text(company_t, "business_number", where, ""),
        _text(company_t, "representative", where, ""),
    )
    layouts = dict(base.layouts)
    for fmt, columns in _table(data, "layouts", where).items():
        if fmt not in DEFAULT_LAYOUTS:
            raise InputError(
                f"{where}: [layouts] '{fmt}'은(는) {', '.join(DEFAULT_LAYOUTS)} 중 하나여야 합니다."
            )
        layouts[fmt] = _layout(columns, fmt, where)
    return AccountingMap(accounts, partners, methods, tax_types, company, layouts, where)


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise InputError(f"{where}: '{key}'은(는) 표([{key}])여야 합니다.")
    return value


def _text(table: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if value is None:
        raise InputError(f"{where}: '{key}' 값이 없습니다.")
    if not isinstance(value, str | int):
        raise InputError(f"{where}: '{key}' 값 {value!r}은(는) 글자여야 합니다.")
    return str(value)


def _layout(columns: Any, fmt: str, where: str) -> Layout:
    fields = FIELDS[DEFAULT_LAYOUTS[fmt].kind]
    if not isinstance(columns, list) or not all(
        isinstance(c, list) and len(c) == 2 and all(isinstance(x, str) for x in c) for c in columns
    ):
        raise InputError(f'{where}: [layouts] {fmt}는 ["머리글", "필드"] 쌍의 목록이어야 합니다.')
    for header, name in columns:
        if name not in fields:
            raise InputError(
                f"{where}: [layouts] {fmt}의 '{header}' 열 필드 '{name}'을(를) 알 수 없습니다.",
                hint=f"쓸 수 있는 필드: {', '.join(fields)}",
            )
    return replace(DEFAULT_LAYOUTS[fmt], columns=tuple((h, n) for h, n in columns))


def mapping_toml(m: AccountingMap | None = None) -> str:
    """``m`` (the defaults if None) as an editable TOML file that ``load_mapping`` reads back."""
    m = m or AccountingMap()
    out = [
        "# Recon 회계 매핑 (recon-app vouchers --init-mapping, 또는 앱의 고객 탭 → 회계 매핑)",
        "# 계정과목 코드, PG별 거래처, 결제수단 → 집계표 칸, 과세유형, 회사 정보, 전표 열 배치.",
        "# 더존·세무사랑의 업로드 양식은 공개 자료로만 확인한 '중간 확신' 수준입니다:",
        "# 쓰시는 프로그램 버전의 양식과 다르면 아래 [layouts]에서 열을 바꾸세요.",
        "",
        "[company]",
        f"name = {_q(m.company.name)}             # 세무사랑 양식 머리에 들어갑니다",
        f"business_number = {_q(m.company.business_number)}  # 000-00-00000",
        f"representative = {_q(m.company.representative)}",
        "",
        "[accounts]",
    ]
    for key in Accounts.__dataclass_fields__:
        acc = getattr(m.accounts, key)
        out.append(f"{key} = {{ code = {_q(acc.code)}, name = {_q(acc.name)} }}")
    out += ["", "# PG별 거래처 (거래처코드는 회계 프로그램에 등록한 코드로 채우세요)", "[pg]"]
    for pg in sorted(set(PG_NAMES) | set(m.partners)):
        partner = m.partner(pg)
        out.append(
            f"{_key(pg)} = {{ code = {_q(partner.code)}, name = {_q(partner.name)}, "
            f"business_number = {_q(partner.business_number)} }}"
        )
    out += [
        "",
        "# 결제수단 → 신용카드매출전표등 발행금액 집계표 칸: card | cash_receipt | epay | other",
        "# 계좌이체·가상계좌의 현금영수증 발급 여부는 원장에 없어 기본값은 other(기타)입니다.",
        "[methods]",
    ]
    out += [f"{_key(k)} = {_q(v)}" for k, v in m.methods.items()]
    out += [
        "",
        "# 과세유형 코드 (매입매출전표): 17 카과, 22 현과, 14 건별, 매입 51 과세",
        "[tax_types]",
    ]
    out += [f"{k} = {v}" for k, v in m.tax_types.items()]
    out += [
        "",
        '# 전표 열 배치: ["머리글", "필드"] (필드 목록은 README의 회계 담당자 장)',
        "[layouts]",
    ]
    for fmt, layout in m.layouts.items():
        cols = ", ".join(f"[{_q(h)}, {_q(n)}]" for h, n in layout.columns)
        out.append(f'"{fmt}" = [{cols}]')
    return "\n".join(out) + "\n"


def mapping_template() -> str:
    return mapping_toml()


def _q(text: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML)."""
    return json.dumps(str(text), ensure_ascii=False)


def _key(text: str) -> str:
    return text if text.replace("_", "").replace("-", "").isalnum() and text.isascii() else _q(text)


def user_mapping_path() -> Path:
    """Where the app keeps the mapping the user edited (beside the default ledger)."""
    return user_data_dir() / "accounting.toml"


def mapping_or_default(path: Path | None) -> AccountingMap:
    """``path`` if given, else the user's saved mapping if there is one, else the defaults."""
    if path is not None:
        return load_mapping(path)
    saved = user_mapping_path()
    return load_mapping(saved) if saved.is_file() else AccountingMap()


def save_mapping(path: Path, m: AccountingMap) -> Path:
    """Write ``m`` (checked by reading it back first, so a broken file is never left)."""
    text = mapping_toml(m)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # cannot happen with _q/_key; refuse rather than write
        raise InputError(f"매핑을 저장할 수 없습니다: {exc}") from None
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(Path(path), _writer(text), "매핑 파일")


def write_mapping_template(path: Path) -> Path:
    text = mapping_template()
    return write_atomic(Path(path), _writer(text), "매핑 파일")


def _writer(text: str) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return write
