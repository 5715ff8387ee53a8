"""A database left open to other accounts is closed when the app opens it, and
the app says so in one line."""

from __future__ import annotations

import os
import stat

from frontdesk.store import Store
from frontdesk.tui.app import make_app


async def test_the_app_says_which_files_it_closed(tmp_path, migrated_database, settings, clock):
    path = tmp_path / "open.db"
    path.write_bytes(migrated_database)
    os.chmod(path, 0o644)
    with Store.open(path, clock=clock) as store:
        app = make_app(store, settings, clock)
        async with app.run_test(notifications=True) as pilot:
            await pilot.pause()
            assert [n.message for n in app._notifications] == [f"已收紧权限，其他账户不能再读取：{path}"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
