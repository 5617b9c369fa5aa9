"""`recon-app batch` over 20 demo clients (issue 14), one of them failing: the other 19 are packed,
the failure is listed at the end with its reason, and the exit code says something failed.
One client syncs first (its demo store syncs from the bundled sandbox over real HTTP)."""

from __future__ import annotations

import csv
import shutil

import pytest

from recon_app.cli.main import main
from recon_app.services.app_context import AppContext, prepare_demo_store


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    ctx = AppContext(path)
    prepared = prepare_demo_store(ctx)
    ctx.close()
    return path, prepared.store, prepared.month


def test_batch_of_twenty_clients_with_one_failing(demo_file, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path, store, month = demo_file
    clients_dir = tmp_path / "clients"
    clients_dir.mkdir()
    lines = []
    for i in range(1, 21):
        ledger = clients_dir / f"client{i:02d}.sqlite3"
        if i == 7:
            ledger.write_text("not a ledger", encoding="utf-8")  # a broken client file
        else:
            shutil.copy(path, ledger)
        lines += [
            "[[client]]",
            f'name = "고객{i:02d}"',
            f'ledger = "{ledger.name}"',
            f'store = "{store}"',
            f"sync = {'true' if i == 3 else 'false'}",
        ]
    listing = clients_dir / "clients.toml"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"

    code = main(["batch", "--month", month, "--clients", str(listing), "--out", str(out)])

    captured = capsys.readouterr()
    assert code == 1
    progress = [line for line in captured.out.splitlines() if line.startswith("[")]
    assert len(progress) == 20 and progress[-1].startswith("[20/20] 고객20: 완료")
    assert progress[6].startswith("[7/20] 고객07: 실패")
    assert "완료 19곳, 실패 1곳" in captured.out
    assert "고객07:" in captured.err and "SQLite" in captured.err
    zips = sorted(p.name for p in out.glob("*.zip"))
    assert len(zips) == 19 and f"고객07-{month}.zip" not in zips
    with open(out / f"batch-{month}.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["결과"] for r in rows].count("실패") == 1
    # every client holds the same demo month: the same settlement figure everywhere
    assert len({r["정산 예정액"] for r in rows if r["결과"] == "성공"}) == 1


def test_batch_from_a_folder_of_ledgers(demo_file, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path, _store, month = demo_file
    folder = tmp_path / "ledgers"
    folder.mkdir()
    for name in ("가나상점", "다라상점"):
        shutil.copy(path, folder / f"{name}.sqlite3")
    assert (
        main(["batch", "--month", month, "--clients", str(folder), "--out", str(tmp_path / "o")])
        == 0
    )
    assert sorted(p.name for p in (tmp_path / "o").glob("*.zip")) == [
        f"가나상점-{month}.zip",
        f"다라상점-{month}.zip",
    ]
