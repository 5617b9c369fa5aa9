"""Bytes of an order export → a grid of cell texts, whatever the shop's format.

The file is read once into memory (hashed by the caller from the same bytes) and never written:
encrypted workbooks are decrypted into a BytesIO. The format is decided by the file's magic bytes,
not its extension, because shops rename files freely (an ".xls" that is really HTML or CSV, an
".csv" that is an XLSX). The result, ``CellGrid``, is an object-dtype frame of ``str`` in which
frame row ``i`` is row ``i + 1`` of the file as the user sees it (blank lines kept), so every
later error can name the row the user will look at.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from recon_app.adapters.orders.xlsx_formats import apply_padding, padded_cells
from recon_app.domain.errors import InputError

#: Larger than any real export (1M orders as CSV is ~70 MB), small enough to fail politely.
MAX_FILE_BYTES = 1_000_000_000
#: Zip-bomb guards for XLSX: total inflated size, and inflation ratio of a big member.
MAX_XLSX_INFLATED = 2_000_000_000
MAX_XLSX_RATIO = 150
RATIO_CHECK_MIN_BYTES = 5_000_000
#: Cells in a sheet (rows × columns). Excel's own limit is 1,048,576 rows; SmartStore exports
#: have ~70 columns. A sheet that claims more is a malicious or broken file.
MAX_SHEET_CELLS = 80_000_000
MAX_SHEET_COLUMNS = 2_000
#: Whole numbers below this are written as integers ("2309151455000001", not "…0001.0"): a
#: 16-digit order number is a whole float, and a float holds every integer up to 2**53 exactly.
#: Above 2**53 digits are already lost; they still read as digits (the id warning says why).
#: 1e18 keeps the numpy path inside int64.
WHOLE_AS_INTEGER_BELOW = 1e18
#: How many leading lines decide the separator and the column count.
SNIFF_LINES = 50
SNIFF_BYTES = 262_144
#: The longest line a CSV may have. A 72-column SmartStore row is ~2 KB; 2 MiB leaves room for
#: absurd cells (which the row checks then name), while a file that is one 20 MiB line (no
#: header, commas inside) is refused from its head instead of costing pandas 86 s (issue 17).
MAX_LINE_BYTES = 2 * 1024 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

PASSWORD_HINT = (
    "암호를 입력하려면 --password 를 붙여 실행하거나(입력 창이 뜹니다) 환경 변수 "
    "RECON_XLSX_PASSWORD 에 암호를 넣으세요. 명령줄에 암호를 직접 쓰지 마세요."
)


class PasswordRequired(InputError):
    """The workbook is encrypted and no password was given (the GUI asks for one)."""


class WrongPassword(InputError):
    """The password given does not open the workbook."""


@dataclass(frozen=True)
class CellGrid:
    cells: pd.DataFrame  # object dtype, every cell a str ("" when empty); row i = file row i+1
    kind: str  # "csv" | "xlsx" | "xls"
    encoding: str | None = None  # csv only
    separator: str | None = None  # csv only
    sheet: str | None = None  # workbook only
    sheets: list[str] = field(default_factory=list)
    #: Workbook columns (0-based) holding number cells: an id column among them is worth a
    #: warning (parsing.py), since Excel keeps only 15 significant digits of a number.
    numeric_columns: frozenset[int] = frozenset()


def read_file_bytes(path: Path) -> bytes:
    """The whole file, with every OS failure turned into a message."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError(
                f"'{path}'은(는) 폴더입니다.", hint="주문 내역 파일(CSV 또는 XLSX)을 고르세요."
            )
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"'{path.name}' 파일이 너무 큽니다 ({size:,} 바이트).",
                hint="기간을 나누어 내려받은 뒤 하나씩 가져오세요.",
            )
        with path.open("rb") as stream:
            return read_order_bytes(path.name, stream)
    except FileNotFoundError:
        raise InputError(f"파일 '{path}'이(가) 없습니다.", hint="경로를 확인하세요.") from None
    except PermissionError:
        raise InputError(
            f"파일 '{path}'을(를) 읽을 권한이 없습니다.", hint="파일 권한을 확인하세요."
        ) from None
    except OSError as exc:
        raise InputError(f"파일 '{path}'을(를) 읽을 수 없습니다: {exc.strerror}") from None


def read_order_bytes(name: str, stream: BinaryIO) -> bytes:
    """All bytes of an opened order file, unless its head already shows it is not one.

    Reads at most ``MAX_LINE_BYTES + 1`` bytes first: a text file whose first line has not ended
    by then is refused without reading (or parsing) the rest.
    """
    head = stream.read(MAX_LINE_BYTES + 1)
    _check_first_line(name, head)
    return head + stream.read()


def _check_first_line(name: str, head: bytes) -> None:
    if head.startswith((_ZIP_MAGIC, _OLE_MAGIC)) or len(head) <= MAX_LINE_BYTES:
        return
    if b"\n" not in head and b"\r" not in head:
        raise InputError(
            f"'{name}'의 첫 줄이 {MAX_LINE_BYTES:,}바이트가 넘도록 끝나지 않습니다 (줄바꿈이 "
            "없습니다). 주문 내역 CSV가 아닙니다.",
            hint="쇼핑몰 관리자에서 주문 내역을 CSV 또는 XLSX로 다시 내려받으세요.",
        )


def _check_line_lengths(name: str, data: bytes) -> None:
    """Refuse a CSV with a line longer than ``MAX_LINE_BYTES``, naming the first such line.

    One numpy pass over the newline positions (~0.1 s per 70 MB). Quoted newlines inside a cell
    only make "lines" shorter, so this never refuses a file that is within the bound.
    """
    if len(data) <= MAX_LINE_BYTES:
        return
    # "\n" ends lines in every export we know; a file of old-Mac "\r" endings has none.
    newline = 0x0A if b"\n" in data else 0x0D
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == newline)
    starts = np.concatenate(([0], ends + 1))
    lengths = np.concatenate((ends, [len(data)])) - starts
    too_long = np.flatnonzero(lengths > MAX_LINE_BYTES)
    if len(too_long):
        line = int(too_long[0]) + 1
        raise InputError(
            f"'{name}' {line}행이 {int(lengths[too_long[0]]):,}바이트로 너무 깁니다 "
            f"(한 줄에 {MAX_LINE_BYTES:,}바이트까지 읽습니다). 주문 내역 CSV가 아니거나 "
            "줄바꿈이 빠진 파일입니다.",
            hint="쇼핑몰 관리자에서 주문 내역을 CSV 또는 XLSX로 다시 내려받으세요.",
        )


def read_grid(
    path: Path, data: bytes, *, sheet: str | None = None, password: str | None = None
) -> CellGrid:
    """Decode ``data`` (the bytes of ``path``) into a ``CellGrid``."""
    name = path.name
    if not data.strip():
        raise InputError(f"'{name}' 파일이 비어 있습니다.", hint="주문 내역을 다시 내려받으세요.")
    if data.startswith(_OLE_MAGIC):
        return _read_ole(name, data, sheet=sheet, password=password)
    if data.startswith(_ZIP_MAGIC):
        return _read_workbook(name, data, "xlsx", sheet)
    if sheet is not None:
        raise InputError(
            f"'{name}'은(는) 엑셀 파일이 아니라 CSV이므로 시트 '{sheet}'을(를) 고를 수 없습니다.",
            hint="--sheet 없이 다시 실행하세요.",
        )
    return _read_csv(name, data)


# ---------------------------------------------------------------------------------------------
# CSV


def detect_encoding(name: str, data: bytes) -> str:
    """BOM, else strict UTF-8, else CP949 (a superset of EUC-KR, what Korean Excel saves)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "유니코드 텍스트" export
    if b"\x00" in data[:65536]:
        raise InputError(
            f"'{name}'은(는) 텍스트(CSV) 파일이 아닙니다 (이진 데이터가 들어 있습니다).",
            hint="쇼핑몰 관리자에서 주문 내역을 CSV 또는 XLSX로 다시 내려받으세요.",
        )
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # Checking the whole file costs ~0.7 s per 70 MB; the head decides, and pandas reports
        # a bad byte further down (turned into a message in _read_csv).
        codecs.getincrementaldecoder("cp949")().decode(data[:1_000_000], final=False)
        return "cp949"
    except UnicodeDecodeError:
        raise InputError(
            f"'{name}' 파일의 문자 인코딩을 알 수 없습니다 (UTF-8도 CP949/EUC-KR도 아닙니다).",
            hint="엑셀에서 'CSV UTF-8' 형식으로 다시 저장하거나 XLSX로 내려받으세요.",
        ) from None


def _sniff(name: str, head: str) -> tuple[str, int]:
    """Separator (tab or comma) and the widest row among the first lines."""
    lines = head.splitlines()[:SNIFF_LINES]
    tabs = sum(line.count("\t") for line in lines)
    commas = sum(line.count(",") for line in lines)
    sep = "\t" if tabs > commas else ","
    try:
        width = max((len(r) for r in csv.reader(lines, delimiter=sep)), default=1)
    except csv.Error:
        width = max(line.count(sep) + 1 for line in lines) if lines else 1
    if width > MAX_SHEET_COLUMNS:
        # pandas makes a column object per field: a one-line file full of commas took minutes.
        raise InputError(
            f"'{name}'의 한 행에 칸이 너무 많습니다 ({width:,}열). "
            f"한 번에 {MAX_SHEET_COLUMNS:,}열까지 읽습니다. 주문 내역 CSV가 아닙니다.",
            hint="쇼핑몰 관리자에서 주문 내역을 CSV 또는 XLSX로 다시 내려받으세요.",
        )
    return sep, max(width, 1)


def _sniff_head(data: bytes) -> bytes:
    """The first ``SNIFF_BYTES``, extended to the end of the line they cut.

    A head that ends mid-line would undercount that line's fields, and pandas then silently
    takes the extra leading fields of a wider row as row labels. Lines are at most
    ``MAX_LINE_BYTES`` long (checked before), so the extension is bounded.
    """
    if len(data) <= SNIFF_BYTES:
        return data
    end = data.find(b"\n", SNIFF_BYTES - 1)
    return data if end < 0 else data[: end + 1]


def _read_csv(name: str, data: bytes) -> CellGrid:
    _check_first_line(name, data[: MAX_LINE_BYTES + 1])
    encoding = detect_encoding(name, data)
    _check_line_lengths(name, data)
    head = _sniff_head(data).decode(encoding, errors="ignore")
    sep, width = _sniff(name, head)
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            sep=sep,
            header=None,
            names=range(width),
            dtype=object,
            na_filter=False,  # every cell stays text; "" for empty, never NaN
            keep_default_na=False,
            skip_blank_lines=False,  # keeps frame row i == file line i+1
            encoding=encoding,
            encoding_errors="strict",
            engine="c",
            quoting=csv.QUOTE_MINIMAL,
        )
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1 if hasattr(exc, "start") else None
        where = f" {line}행 근처에" if line else ""
        raise InputError(
            f"'{name}' 파일{where} {encoding.upper()}로 읽을 수 없는 글자가 있습니다 "
            "(인코딩이 섞였거나 파일이 손상되었습니다).",
            hint="엑셀에서 'CSV UTF-8' 형식으로 다시 저장하거나 XLSX로 내려받으세요.",
        ) from None
    except pd.errors.ParserError as exc:
        raise InputError(
            f"'{name}' 파일을 CSV로 읽을 수 없습니다: {_parser_message(str(exc), width)}",
            hint='행마다 열 개수가 같은지, 큰따옴표(")가 짝이 맞는지 확인하세요.',
        ) from None
    except (pd.errors.EmptyDataError, ValueError) as exc:
        raise InputError(f"'{name}' 파일을 CSV로 읽을 수 없습니다 ({exc}).") from None
    label = "cp949" if encoding == "cp949" else encoding
    return CellGrid(_as_text(frame), "csv", encoding=label, separator=sep)


def _parser_message(text: str, width: int) -> str:
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if m:
        return f"{m.group(2)}행의 칸 수({m.group(3)})가 위쪽 행들({m.group(1)})보다 많습니다"
    m = re.search(r"EOF inside string starting at row (\d+)", text)
    if m:
        return f"{int(m.group(1)) + 1}행에서 시작한 큰따옴표가 파일 끝까지 닫히지 않았습니다"
    return text.splitlines()[0][:200] if text else "알 수 없는 형식"


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = range(frame.shape[1])
    frame.index = range(frame.shape[0])
    return frame


# ---------------------------------------------------------------------------------------------
# Workbooks


def _read_ole(name: str, data: bytes, *, sheet: str | None, password: str | None) -> CellGrid:
    """An OLE container: an encrypted XLSX (SmartStore) or a legacy .xls."""
    import msoffcrypto
    from msoffcrypto import exceptions as mexc

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        encrypted = office.is_encrypted()
    except Exception:  # noqa: BLE001 - any parse failure of a foreign file is "damaged"
        raise _damaged(name, "xlsx") from None
    if not encrypted:
        return _read_workbook(name, data, "xls", sheet)
    if not password:
        raise PasswordRequired(f"'{name}'은(는) 암호가 걸린 엑셀 파일입니다.", hint=PASSWORD_HINT)
    out = io.BytesIO()
    try:
        office.load_key(password=password, verify_password=True)
        office.decrypt(out)
    except (mexc.InvalidKeyError, mexc.DecryptionError):
        raise WrongPassword(
            f"'{name}'의 암호가 맞지 않습니다.",
            hint="쇼핑몰에서 파일을 내려받을 때 정한 암호를 확인하고 다시 입력하세요.",
        ) from None
    except Exception:  # noqa: BLE001 - a damaged container is not the user's password
        raise _damaged(name, "xlsx") from None
    decrypted = out.getvalue()
    kind = "xlsx" if decrypted.startswith(_ZIP_MAGIC) else "xls"
    return _read_workbook(name, decrypted, kind, sheet)


def _damaged(name: str, kind: str) -> InputError:
    return InputError(
        f"'{name}' 엑셀 파일이 손상되었거나 {kind.upper()} 형식이 아닙니다.",
        hint="엑셀에서 열리는지 확인하고, 쇼핑몰 관리자에서 다시 내려받으세요.",
    )


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _check_zip(name: str, data: bytes) -> None:
    """Refuse zip bombs and non-workbooks before a decompressor sees them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
                raise _damaged(name, "xlsx")
            total = 0
            for info in infos:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if total > MAX_XLSX_INFLATED or (
                    info.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_XLSX_RATIO
                ):
                    raise InputError(
                        f"'{name}' 엑셀 파일은 압축을 풀면 비정상적으로 커집니다 "
                        f"({info.filename}: {info.compress_size:,} → {info.file_size:,} 바이트). "
                        "압축 폭탄이 의심되어 열지 않았습니다.",
                        hint="쇼핑몰 관리자에서 받은 원본 파일인지 확인하세요.",
                    )
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with zf.open(info) as member:
                        _check_dimension(name, member.read(4096))
    except zipfile.BadZipFile:
        raise _damaged(name, "xlsx") from None
    except (zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        raise _damaged(name, "xlsx") from None


def _check_dimension(name: str, head: bytes) -> None:
    m = _DIMENSION.search(head)
    if not m or not m.group(3):
        return
    cols = _col_number(m.group(3)) - _col_number(m.group(1)) + 1
    rows = int(m.group(4)) - int(m.group(2)) + 1
    _check_size(name, rows, cols)


def _check_size(name: str, rows: int, cols: int) -> None:
    if cols > MAX_SHEET_COLUMNS or rows * cols > MAX_SHEET_CELLS:
        raise InputError(
            f"'{name}' 시트가 너무 큽니다 ({rows:,}행 × {cols:,}열). "
            f"한 번에 {MAX_SHEET_CELLS:,}칸, {MAX_SHEET_COLUMNS:,}열까지 읽습니다.",
            hint="필요한 열만 남기거나 기간을 나누어 내려받으세요.",
        )


def _read_workbook(name: str, data: bytes, kind: str, sheet: str | None) -> CellGrid:
    from python_calamine import CalamineWorkbook

    if kind == "xlsx":
        _check_zip(name, data)
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = list(wb.sheet_names)
    except BaseException as exc:  # calamine errors, incl. pyo3's PanicException (a BaseException)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise _damaged(name, kind) from None
    if not sheets:
        raise InputError(
            f"'{name}' 엑셀 파일에 시트가 없습니다.", hint="주문 내역을 다시 내려받으세요."
        )
    chosen = sheets[0] if sheet is None else sheet
    if chosen not in sheets:
        listed = ", ".join(f"'{s}'" for s in sheets)
        raise InputError(
            f"'{name}'에 시트 '{sheet}'이(가) 없습니다. 있는 시트: {listed}.",
            hint="--sheet 에 위 이름 중 하나를 정확히 적으세요.",
        )
    try:
        ws = wb.get_sheet_by_name(chosen)
        _check_size(name, ws.total_height, ws.total_width)
        rows = ws.to_python(skip_empty_area=False)
    except InputError:
        raise
    except BaseException as exc:
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise _damaged(name, kind) from None
    frame = _rows_to_text(rows)
    numeric = frozenset(frame.attrs.pop("numeric_columns", ()))
    if kind == "xlsx" and numeric:
        apply_padding(frame, padded_cells(data, chosen))  # "00000901" stored as 901
    return CellGrid(frame, kind, sheet=chosen, sheets=sheets, numeric_columns=numeric)


def _rows_to_text(rows: list[list[object]]) -> pd.DataFrame:
    """Calamine's typed cells → the same all-text grid a CSV gives.

    Column by column: the text cells pass through untouched, and each other kind of cell that a
    sheet holds in bulk (floats, ints, datetimes, dates, bools, empties) is converted for the whole
    column at once with numpy, giving exactly the text ``cell_text`` gives one cell. Only rare
    kinds (times, durations, out-of-range dates) go through ``cell_text`` one by one. A 100k-row
    sheet's number columns cost milliseconds instead of ~0.5 s of per-cell Python calls.
    """
    lengths = set(map(len, rows))
    width = max(lengths, default=0)
    if not width:
        return pd.DataFrame()
    if len(lengths) > 1:  # calamine pads its rows; pad any ragged ones ourselves (pandas 4 won't)
        rows = [r if len(r) == width else [*r, *[None] * (width - len(r))] for r in rows]
    # One C-level pass lays the rows out as columns (ragged rows padded with None); every extra
    # pass over 100k scattered cell objects costs ~0.1 s, so each column is touched once to learn
    # its kinds and only columns that hold non-text cells are touched again.
    frame = pd.DataFrame(rows, columns=range(width), dtype=object)
    numeric: list[int] = []
    for col in frame.columns:
        values = frame[col].to_numpy(dtype=object)
        types = set(map(type, values))
        if types == {str}:
            continue
        if float in types or int in types:
            numeric.append(int(col))
        # An explicit object Series: a bare array would be inferred as pandas 3's "str" dtype,
        # i.e. copied into Arrow and back out again when parsing reads the column.
        frame[col] = pd.Series(_column_text(values, types), index=frame.index, dtype=object)
    frame = _as_text(frame)
    frame.attrs["numeric_columns"] = numeric
    return frame


_NONE_TYPE = type(None)


def _column_text(values: np.ndarray, types: set[type]) -> np.ndarray:
    """One column of typed cells → object array of str (see ``cell_text`` for the rules)."""
    if len(types) == 1:
        (kind,) = types
        return np.asarray(_convert_kind(kind, values), dtype=object)
    out = values.copy()
    # Kinds as type ids: an object array of type objects would cost numpy a probe per element.
    kinds = np.fromiter(map(id, map(type, values)), dtype=np.int64, count=len(values))
    for kind in types - {str}:
        idx = np.flatnonzero(kinds == id(kind))
        out[idx] = _convert_kind(kind, values[idx])
    return out


def _convert_kind(kind: type, cells: np.ndarray) -> list[str] | np.ndarray:
    """Cells that all have type ``kind`` → their texts, in bulk where the kind allows it."""
    if kind is _NONE_TYPE:
        return np.full(len(cells), "", dtype=object)
    if kind is float:
        f = cells.astype(np.float64)
        out = np.full(len(f), "", dtype=object)  # NaN and ±inf are empty cells
        finite = np.isfinite(f)
        whole = finite & (np.floor(f) == f) & (np.abs(f) < WHOLE_AS_INTEGER_BELOW)
        out[whole] = _objects(map(str, f[whole].astype(np.int64).tolist()))
        frac = finite & ~whole
        if frac.any():
            out[frac] = _objects(map(repr, f[frac].tolist()))  # shortest round-trip text
        return out
    if kind is int:
        return _objects(map(str, cells.tolist()))
    if kind is bool:
        return np.where(cells.astype(bool), "TRUE", "FALSE").astype(object)
    if kind is datetime or kind is date:
        texts = _calendar_texts(cells, with_time=kind is datetime)
        if texts is not None:
            return texts
    return [cell_text(v) for v in cells]


def _objects(texts: Iterable[str]) -> np.ndarray:
    """Strings into an object array without numpy probing each one for a sequence."""
    return np.fromiter(texts, dtype=object)


def _calendar_texts(cells: np.ndarray, *, with_time: bool) -> np.ndarray | None:
    """Naive datetimes (rounded to the second) or dates as ISO text; None if numpy cannot do them
    exactly like ``strftime`` (aware values, years outside 1000–9999)."""
    if any(v.tzinfo is not None for v in cells) if with_time else False:
        return None
    if not all(1000 <= v.year <= 9998 for v in cells):
        return None
    if with_time:
        stamps = cells.astype("datetime64[us]") + np.timedelta64(500_000, "us")
        text = np.datetime_as_string(stamps.astype("datetime64[s]"), unit="s")
        return np.char.replace(text, "T", " ").astype(object)
    return np.datetime_as_string(cells.astype("datetime64[D]"), unit="D").astype(object)


def cell_text(value: object) -> str:
    """One typed workbook cell as the text a CSV export would hold.

    Whole floats lose their ".0" (order numbers and amounts are stored as numbers); datetimes
    become "YYYY-MM-DD HH:MM:SS" rounded to the second (Excel keeps milliseconds as float noise).
    Non-whole floats keep their shortest round-trip text, so a date serial stays exact.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer() and abs(value) < WHOLE_AS_INTEGER_BELOW:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        value = (value + timedelta(microseconds=500_000)).replace(microsecond=0)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return str(value)
