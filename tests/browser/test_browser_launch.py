"""The tests' Chromium: Playwright's own disabled features kept, and no address-bar popup a headless window never shows."""
from __future__ import annotations

import os
import re

from tests.support.web_stack import UNSHOWN_WEBUI_FEATURES, chromium_executable


def _descendants_renderers() -> dict[int, str]:
    """This process's Chromium renderers (any depth below it), each with its command line."""
    parents, lines = {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat, open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                fields, line = stat.read(), cmdline.read().decode(errors="replace").replace("\0", " ")
        except OSError:
            continue
        parents[int(pid)] = int(fields[fields.rindex(")") + 2:].split()[1])
        lines[int(pid)] = line
    me = os.getpid()

    def below_me(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 1)
            if pid == me:
                return True
        return False

    return {pid: line for pid, line in lines.items() if "--type=renderer" in line and below_me(pid)}


def _renderers_opened_by(browser) -> list[str]:
    """The command lines of the renderers a new context's page in `browser` brings up."""
    before = set(_descendants_renderers())
    context = browser.new_context()
    context.new_page().goto("about:blank")
    opened = [line for pid, line in _descendants_renderers().items() if pid not in before]
    context.close()
    return opened


def _disabled_features(renderers: list[str]) -> set[str]:
    """The features the renderers were started with off (Chromium hands each renderer its effective list)."""
    lists = {match for line in renderers for match in re.findall(r"--disable-features=(\S+)", line)}
    assert len(lists) == 1, lists
    return set(lists.pop().split(","))


def test_the_test_browser_keeps_playwrights_disabled_features_and_opens_no_address_bar_popup(browser):
    ours = _renderers_opened_by(browser)
    plain = browser.browser_type.launch(executable_path=chromium_executable())  # Playwright's own switches only
    playwrights_own = _renderers_opened_by(plain)
    plain.close()

    assert not any("--top-chrome-webui" in line for line in ours), "a new window loaded the address-bar popup"
    missing = _disabled_features(playwrights_own) - _disabled_features(ours)
    assert not missing, f"Playwright now also turns off {sorted(missing)}: add them to PLAYWRIGHT_DISABLED_FEATURES"
    assert set(UNSHOWN_WEBUI_FEATURES) <= _disabled_features(ours)
