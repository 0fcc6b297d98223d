"""What the browser tests share (digest, answers, review pages): Debian's Chromium driven by
Playwright, never a downloaded build; the `browser` fixture itself is in tests/conftest.py."""
from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package (make system-deps)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

# what sticks out to the right of the viewport: the page's width, and any element's right edge
# (elements of no width, such as a visually hidden skip link, stick out of nothing)
OVERFLOW = """() => {
  const w = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > w + 0.5)
    .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 60));
  return {scroll: document.documentElement.scrollWidth, inner: w, wide: wide.slice(0, 5)};
}"""
