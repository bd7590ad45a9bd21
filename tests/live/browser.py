"""Shared pieces of the browser tests: headless Chromium, log-in, axe-core, screenshots.

``check_a11y(page, screen)`` injects axe-core from frontend/node_modules into the page and fails
on serious or critical violations; every browser test calls it on each screen it shows.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "frontend/node_modules/axe-core/axe.min.js"
SCREENS = Path(os.environ.get("KOMA_SCREENS_DIR", REPO / "var/screens"))

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


@contextlib.contextmanager
def browser_page(screenshot: Path | None = None, viewport=PHONE) -> Iterator:
    """Chromium (a 390-px phone unless told otherwise). Set-up and assertions on the database
    happen outside this block: Playwright's sync API keeps an event loop running in the thread."""
    mobile = viewport["width"] < 600
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport=viewport,
            device_scale_factor=2 if mobile else 1,
            is_mobile=mobile,
            has_touch=mobile,
            locale="ja-JP",
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            yield page
        finally:
            if screenshot is not None:
                page.screenshot(path=str(screenshot), full_page=True)
            browser.close()


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(lambda url: "/login" not in url)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# ------------------------------------------------------------------------------ axe-core

SERIOUS = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script> tag: the app's CSP
        # (script-src 'self') rightly refuses inline scripts, and the test keeps it on.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => {
          const r = await window.axe.run(document, {resultTypes: ["violations"]});
          return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
        }"""
    )
    return [v for v in result if v["impact"] in SERIOUS]


def check_a11y(page, screen: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core on {screen}:\n{json.dumps(violations, indent=1)}"


# ------------------------------------------------------------------- English on a ja screen

GLOSSARY = REPO / "frontend/src/lib/glossary.ts"


def allowed_words() -> set[str]:
    """ALLOWED_LATIN of frontend/src/lib/glossary.ts (the brand, formats, codes), lower case."""
    text = GLOSSARY.read_text(encoding="utf-8")
    listed = text[text.index("ALLOWED_LATIN") :].split("= [", 1)[1].split("]", 1)[0]
    words = {w.lower() for w in re.findall(r'"([^"]+)"', listed)}
    return words | {part for w in words for part in w.split("_")}


def english_words(page) -> list[str]:
    """Latin words in the visible text of the page, minus the allow-list (numbers pass)."""
    # Visible text nodes, skipping people's data marked translate="no" (names, refs, values).
    text = page.evaluate(
        """() => {
          const out = [];
          const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            const el = n.parentElement;
            if (!el || el.closest('[translate="no"], code, kbd, script, style, noscript')) continue;
            if (!el.checkVisibility()) continue;
            out.push(n.textContent);
          }
          for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
            if (!el.closest('[translate="no"]')) out.push(el.placeholder);
          }
          return out.join(" ");
        }"""
    )
    words = re.findall(r"[A-Za-z][A-Za-z_]+", text)
    allowed = allowed_words()
    return sorted({w for w in words if w.lower() not in allowed})


def shoot(page, name: str) -> Path:
    """A full-page screenshot into var/screens/ (not committed) for a person to look at."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_screen(page, name: str, *, japanese: bool = True) -> None:
    """axe-core, no English on a Japanese screen, no sideways scroll on a phone; a screenshot."""
    shoot(page, name)
    check_a11y(page, name)
    if japanese:
        assert not english_words(page), (
            f"English on the Japanese screen {name}: {english_words(page)}"
        )
    if page.viewport_size and page.viewport_size["width"] <= 400:
        assert no_horizontal_scroll(page), f"{name} scrolls sideways at 390 px"
