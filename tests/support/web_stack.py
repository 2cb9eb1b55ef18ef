"""The `make run` stack in-process for browser tests and the page benchmark: site server, Chromium, sign-in."""
from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

from werkzeug.serving import make_server

from tools.emulator import free_port

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"  # screenshots; not committed
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
# Chromium features Playwright (1.64.1, its chromiumSwitches) turns off. Chromium keeps only the last
# --disable-features it is given, so ours below repeats them; a browser test fails if Playwright's list changes.
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "DialMediaRouteProvider",
    "GlobalMediaControls", "HttpsUpgrades", "LensOverlay", "MediaRouter", "PaintHolding",
    "ThirdPartyStoragePartitioning", "BlockOriginHeaderModificationOnRedirect", "AvoidCorsURLLoaderRestartOnRedirect",
    "Translate", "AutoDeElevate", "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled",
    "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion")
# Each new window (every context's page) otherwise loads Chromium's own WebUI address-bar popup into a renderer of
# its own, which a headless browser never shows: about half of what opening a fresh phone and loading the app costs
# (2.1 CPU-seconds without these, 1.0 with them).
UNSHOWN_WEBUI_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxFullPopup", "WebUIOmniboxAimPopup", "PreloadTopChromeWebUI")
# The network is closed here: keep Chromium from reaching for Google's services.
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-gpu", "--disable-quic",
                 "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + UNSHOWN_WEBUI_FEATURES)]


def chromium_executable() -> str:
    """Debian's real Chromium binary (about twice as quick to start as the wrapper script), else the wrapper."""
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    raise RuntimeError("Chromium is not installed: `make chromium` installs Debian's package.")


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)


class SiteServer:
    """A threaded werkzeug server for a WSGI app on a free loopback port."""

    def __init__(self, wsgi_app):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._server = make_server("127.0.0.1", self.port, wsgi_app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "SiteServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


def sign_in(page, base: str, email: str, password: str) -> None:
    """Sign in through the page's form, as a person would, and wait for the client list."""
    page.goto(f"{base}/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your clients").wait_for()


def serious_violations(page, name: str) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now (the context must bypass the CSP,
    only so axe itself can be injected); every finding is written to test-artifacts/browser/axe-NAME.json."""
    if not page.evaluate("() => typeof axe === 'object'"):  # once a document: the app changes screens in place
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(
        [{k: v[k] for k in ("id", "impact", "help")} | {"nodes": len(v["nodes"])} for v in result["violations"]],
        indent=2))
    return [f"{v['id']} ({v['impact']}): {v['help']} × {len(v['nodes'])}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]
